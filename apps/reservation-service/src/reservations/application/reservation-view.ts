import type { ReservationStatus } from '../domain/reservation-status';
import type { Reservation } from '../domain/reservation';

/** A reservation as readers see it at a moment: an overdue hold already reads EXPIRED. */
export interface ReservationView {
  reservationId: string;
  userId: string;
  concertId: string;
  scheduleId: string;
  seatNo: number;
  price: number;
  status: ReservationStatus;
  expiresAt: Date;
  version: number;
  paymentId: string | null;
  createdAt: Date;
}

export function viewOf(reservation: Reservation, now: Date): ReservationView {
  return {
    reservationId: reservation.id,
    userId: reservation.userId,
    concertId: reservation.concertId,
    scheduleId: reservation.scheduleId,
    seatNo: reservation.seatNo,
    price: reservation.price,
    status: reservation.statusAt(now),
    expiresAt: reservation.expiresAt,
    version: reservation.version,
    paymentId: reservation.paymentId,
    createdAt: reservation.createdAt,
  };
}
