/** The SQLSTATE and constraint of a failed Postgres statement (TypeORM wraps pg's error). */
export function postgresErrorOf(error: unknown): { code?: string; constraint?: string } {
  if (typeof error !== 'object' || error === null) return {};
  const driverError = (error as { driverError?: unknown }).driverError ?? error;
  if (typeof driverError !== 'object' || driverError === null) return {};
  const { code, constraint } = driverError as { code?: unknown; constraint?: unknown };
  return {
    code: typeof code === 'string' ? code : undefined,
    constraint: typeof constraint === 'string' ? constraint : undefined,
  };
}

export const UNIQUE_VIOLATION = '23505';
export const LIVE_SEAT_INDEX = 'reservations_live_seat_uq';

/** Deadlock or serialization failure: the transaction may simply be run again. */
export function isRetryableTransactionError(error: unknown): boolean {
  const { code } = postgresErrorOf(error);
  return code === '40P01' || code === '40001';
}

export function isLiveSeatConflict(error: unknown): boolean {
  const { code, constraint } = postgresErrorOf(error);
  return code === UNIQUE_VIOLATION && constraint === LIVE_SEAT_INDEX;
}
