import type { ReservationSnapshot } from '../domain/reservation-replica';

/**
 * reservation-service's answer about one reservation, asked synchronously when the replica has
 * not heard of it yet (the SeatHeld event may still be in flight). Null when it does not exist;
 * rejects with SERVICE_UNAVAILABLE when no instance answers.
 */
export interface ReservationDirectory {
  fetch(reservationId: string, requestId?: string): Promise<ReservationSnapshot | null>;
}

export const RESERVATION_DIRECTORY = Symbol('ReservationDirectory');
