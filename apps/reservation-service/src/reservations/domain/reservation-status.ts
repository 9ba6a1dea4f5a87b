import { ReservationStatus } from '@concert/contracts';

export { ReservationStatus };

/**
 * The hold state machine: a hold is created HELD and ends exactly once, as CONFIRMED (paid),
 * EXPIRED (ran out) or CANCELLED (released by its owner). Nothing else moves.
 */
const TRANSITIONS: Readonly<Record<ReservationStatus, readonly ReservationStatus[]>> = {
  [ReservationStatus.HELD]: [ReservationStatus.CONFIRMED, ReservationStatus.EXPIRED, ReservationStatus.CANCELLED],
  [ReservationStatus.CONFIRMED]: [],
  [ReservationStatus.EXPIRED]: [],
  [ReservationStatus.CANCELLED]: [],
};

export function canTransition(from: ReservationStatus, to: ReservationStatus): boolean {
  return TRANSITIONS[from].includes(to);
}

/** Statuses that occupy the seat (the database's partial unique index covers exactly these). */
export const SEAT_OCCUPYING_STATUSES: readonly ReservationStatus[] = [ReservationStatus.HELD, ReservationStatus.CONFIRMED];
