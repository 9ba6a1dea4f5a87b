import { type DeferredWrite, DeferredWrites, type SqlStatement } from '@concert/platform';
import type { EntityManager, QueryRunner, ValueTransformer } from 'typeorm';

/** The writes held back in each transaction that defers them (see TypeOrmUnitOfWork.transaction). */
const deferredWrites = new WeakMap<QueryRunner, DeferredWrites>();

/**
 * Runs `work` with `writeLater` on this transaction's manager holding writes back, and sends what
 * is still held back when `work` resolves. Every other statement of the transaction — a TypeORM
 * find as well as `queryRows` — first sends what is held back, so it sees those writes.
 */
export async function withDeferredWrites<T>(manager: EntityManager, work: () => Promise<T>): Promise<T> {
  const runner = manager.queryRunner;
  if (!runner?.isTransactionActive) throw new Error('withDeferredWrites needs the EntityManager of an open transaction');
  const writes = new DeferredWrites();
  // The runner's own query, and the same with what is held back sent first (for this transaction).
  const ownQuery = Object.getOwnPropertyDescriptor(runner, 'query');
  const query = runner.query.bind(runner) as (sql: string, parameters?: unknown[], ...rest: unknown[]) => Promise<unknown>;
  const send = (statement: SqlStatement) => query(statement.sql, statement.parameters);
  runner.query = (async (sql: string, parameters?: unknown[], ...rest: unknown[]) => {
    await writes.flush(send);
    return query(sql, parameters, ...rest);
  }) as QueryRunner['query'];
  deferredWrites.set(runner, writes);
  try {
    const result = await work();
    await writes.flush(send);
    return result;
  } finally {
    deferredWrites.delete(runner);
    if (ownQuery) Object.defineProperty(runner, 'query', ownQuery);
    else delete (runner as Partial<QueryRunner>).query;
  }
}

/** The writes this transaction holds back, if it defers writes. */
export function heldWritesOf(manager: EntityManager): DeferredWrites | undefined {
  return manager.queryRunner ? deferredWrites.get(manager.queryRunner) : undefined;
}

/**
 * A write whose result nothing reads: held back and sent with the next statement of a transaction
 * that defers writes (DeferredWrites), run at once anywhere else.
 */
export async function writeLater(manager: EntityManager, write: DeferredWrite): Promise<void> {
  const writes = heldWritesOf(manager);
  if (writes) {
    writes.add(write);
    return;
  }
  try {
    await queryRows(manager, write.sql, write.parameters);
  } catch (error) {
    throw write.describeError?.(error) ?? error;
  }
}

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
