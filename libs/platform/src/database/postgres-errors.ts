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

/** True when `error` is a unique violation of `constraint`. */
export function isUniqueViolationOf(error: unknown, constraint: string): boolean {
  const failed = postgresErrorOf(error);
  return failed.code === UNIQUE_VIOLATION && failed.constraint === constraint;
}
