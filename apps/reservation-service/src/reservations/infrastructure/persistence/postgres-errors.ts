import { isUniqueViolationOf, postgresErrorOf } from '@concert/platform';

export const LIVE_SEAT_INDEX = 'reservations_live_seat_uq';

/** Deadlock or serialization failure: the transaction may simply be run again. */
export function isRetryableTransactionError(error: unknown): boolean {
  const { code } = postgresErrorOf(error);
  return code === '40P01' || code === '40001';
}

export function isLiveSeatConflict(error: unknown): boolean {
  return isUniqueViolationOf(error, LIVE_SEAT_INDEX);
}
