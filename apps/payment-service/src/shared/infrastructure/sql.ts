import type { EntityManager, ValueTransformer } from 'typeorm';

/**
 * Runs one SQL statement on the manager's connection (its transaction, if it has one) and returns
 * the rows — for UPDATE … RETURNING as well, which `manager.query` returns in another shape.
 */
export async function queryRows<T>(manager: EntityManager, sql: string, parameters: unknown[] = []): Promise<T[]> {
  const borrowed = manager.queryRunner;
  const runner = borrowed ?? manager.connection.createQueryRunner();
  try {
    const result = await runner.query(sql, parameters, true);
    return result.records as T[];
  } finally {
    if (!borrowed) await runner.release();
  }
}

/** pg returns bigint as a string; money here always fits a JS number (at most a few 10^9). */
export function toNumber(value: string | number): number {
  const number = typeof value === 'number' ? value : Number(value);
  if (!Number.isSafeInteger(number)) throw new Error(`Not a safe integer: ${String(value)}`);
  return number;
}

export const bigintToNumber: ValueTransformer = {
  to: (value: number | null | undefined) => value,
  from: (value: string | null) => (value === null ? null : toNumber(value)),
};
