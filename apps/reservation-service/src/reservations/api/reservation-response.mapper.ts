import type { InternalReservationResponse, ReservationResponse } from '@concert/contracts';
import type { ReservationView } from '../application/reservation-view';

export function toReservationResponse(view: ReservationView): ReservationResponse {
  return {
    reservationId: view.reservationId,
    userId: view.userId,
    concertId: view.concertId,
    scheduleId: view.scheduleId,
    seatNo: view.seatNo,
    price: view.price,
    status: view.status,
    expiresAt: view.expiresAt.toISOString(),
  };
}

export function toInternalReservationResponse(view: ReservationView): InternalReservationResponse {
  return { ...toReservationResponse(view), version: view.version, paymentId: view.paymentId };
}
