import type { Pool, PoolClient } from 'pg';
import type { DataSource, EntityManager, QueryRunner } from 'typeorm';

/**
 * Database connections kept for the work a saga waits on — the outbox relay and the event
 * consumers. The pool hands out connections first come, first served, so under a burst of
 * requests a relay batch or a consumer batch used to wait behind every request already queued
 * for a connection (docs/benchmarks.md). Here requests may hold at most `poolSize − reserved`
 * connections at once; connections taken through `backgroundTransaction` / `backgroundQuery`
 * skip that limit, so at least `reserved` connections are always free for them. Without a burst
 * nothing changes: requests still use the whole pool but for the reserved part.
 *
 * Background checkouts are marked by a counter around a synchronous call, not by async context
 * tracking: an AsyncLocalStorage in use turns on promise hooks, a cost every promise of the
 * process would pay.
 */
let backgroundCheckouts = 0;

/**
 * A query runner holding a connection outside the requests' limit; release it when done.
 * TypeORM's postgres driver reaches the pool's `connect` synchronously from `QueryRunner.connect`,
 * so the counter is up exactly while this checkout asks the pool.
 */
export async function connectBackgroundRunner(dataSource: DataSource): Promise<QueryRunner> {
  const runner = dataSource.createQueryRunner();
  let connecting: Promise<unknown>;
  backgroundCheckouts++;
  try {
    connecting = runner.connect();
  } finally {
    backgroundCheckouts--;
  }
  try {
    await connecting;
  } catch (error) {
    await runner.release().catch(() => undefined);
    throw error;
  }
  return runner;
}

/** `dataSource.transaction` on a background connection. */
export async function backgroundTransaction<T>(dataSource: DataSource, work: (manager: EntityManager) => Promise<T>): Promise<T> {
  const runner = await connectBackgroundRunner(dataSource);
  try {
    return await runner.manager.transaction(work);
  } finally {
    await runner.release();
  }
}

/** `dataSource.query` on a background connection. */
export async function backgroundQuery<T = unknown>(dataSource: DataSource, sql: string, parameters?: unknown[]): Promise<T> {
  const runner = await connectBackgroundRunner(dataSource);
  try {
    return (await runner.query(sql, parameters)) as T;
  } finally {
    await runner.release();
  }
}

type ConnectCallback = (error: Error | undefined, client: PoolClient | undefined, release: (error?: Error | boolean) => void) => void;

/** Counting semaphore with a wait timeout; FIFO among the waiting. */
class Permits {
  private inUse = 0;
  private readonly waiting: Array<() => void> = [];

  constructor(
    private readonly limit: number,
    private readonly timeoutMs: number,
  ) {}

  acquire(): Promise<void> {
    if (this.inUse < this.limit) {
      this.inUse++;
      return Promise.resolve();
    }
    return new Promise<void>((resolve, reject) => {
      const grant = (): void => {
        clearTimeout(timer);
        resolve();
      };
      const timer = setTimeout(() => {
        const index = this.waiting.indexOf(grant);
        if (index >= 0) this.waiting.splice(index, 1);
        reject(new Error('timeout exceeded when trying to connect'));
      }, this.timeoutMs);
      this.waiting.push(grant);
    });
  }

  release(): void {
    const next = this.waiting.shift();
    // The permit passes straight to the next in line.
    if (next) next();
    else this.inUse--;
  }
}

/**
 * Limits the connections that anything but background work may hold at once to
 * `poolSize − reserved` (at least one). Wraps the pg pool's `connect`, which TypeORM calls for
 * every query runner.
 */
export function reserveConnectionsForBackgroundWork(dataSource: DataSource, reserved: number): void {
  const pool = (dataSource.driver as unknown as { master?: Pool }).master;
  if (!pool || reserved <= 0) return;
  const { max, connectionTimeoutMillis } = pool.options;
  const permits = new Permits(Math.max(1, (max ?? 10) - reserved), connectionTimeoutMillis || 5_000);
  const connect = pool.connect.bind(pool) as (callback: ConnectCallback) => void;

  const gatedConnect = (callback: ConnectCallback): void => {
    if (backgroundCheckouts > 0) {
      connect(callback);
      return;
    }
    permits.acquire().then(
      () =>
        connect((error, client, release) => {
          if (error || !client) {
            permits.release();
            callback(error, client, release);
            return;
          }
          // pg sets a fresh client.release for every checkout; the permit goes back with it.
          const giveBack = client.release.bind(client);
          let returned = false;
          const releaseWithPermit = (releaseError?: Error | boolean): void => {
            if (!returned) {
              returned = true;
              permits.release();
            }
            giveBack(releaseError);
          };
          client.release = releaseWithPermit;
          callback(undefined, client, releaseWithPermit);
        }),
      (error: Error) => callback(error, undefined, () => undefined),
    );
  };
  const connectEitherWay = (callback?: ConnectCallback): Promise<PoolClient> | undefined => {
    if (callback) {
      gatedConnect(callback);
      return undefined;
    }
    return new Promise<PoolClient>((resolve, reject) => gatedConnect((error, client) => (client ? resolve(client) : reject(error ?? new Error('no connection')))));
  };
  (pool as unknown as { connect: typeof connectEitherWay }).connect = connectEitherWay;
}
