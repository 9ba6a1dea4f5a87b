import { randomUUID } from 'node:crypto';
import { backgroundQuery, backgroundTransaction, PostgresEventInbox, reserveConnectionsForBackgroundWork, serviceDataSourceOptions } from '@concert/platform';
import { executionAsyncId } from 'node:async_hooks';
import { DataSource, type QueryRunner } from 'typeorm';
import { createTestDatabase, type TestDatabase } from '../test-database';

/** Resolves to what `promise` gives, or to 'pending' if it has not settled within `ms`. */
function within<T>(promise: Promise<T>, ms: number): Promise<T | 'pending'> {
  return Promise.race([promise, new Promise<'pending'>((resolve) => setTimeout(() => resolve('pending'), ms))]);
}

describe('connections kept for background work (real Postgres)', () => {
  let database: TestDatabase;
  let dataSource: DataSource;
  const held: QueryRunner[] = [];

  /** A request's query runner, connected (it holds a connection until released). */
  async function requestConnection(): Promise<QueryRunner> {
    const runner = dataSource.createQueryRunner();
    await runner.connect();
    held.push(runner);
    return runner;
  }

  beforeAll(async () => {
    database = await createTestDatabase('background_connections');
  });

  afterEach(async () => {
    await Promise.all(held.splice(0).map((runner) => runner.release()));
    await dataSource?.destroy();
  });

  afterAll(async () => {
    await database.drop();
  });

  async function open(poolSize: number, reserved: number, connectionTimeoutMillis = 5_000): Promise<void> {
    const options = serviceDataSourceOptions({ url: database.url, schema: 'public', entities: [], migrations: [], poolSize });
    dataSource = await new DataSource({ ...options, extra: { ...(options.extra as object), connectionTimeoutMillis } }).initialize();
    reserveConnectionsForBackgroundWork(dataSource, reserved);
  }

  it('lets requests hold only poolSize − reserved connections, and background work the rest at once', async () => {
    await open(3, 1);
    await requestConnection();
    await requestConnection();

    const third = requestConnection();
    expect(await within(third, 300)).toBe('pending');

    const background = await within(backgroundQuery<Array<{ one: number }>>(dataSource, 'SELECT 1 AS one'), 1_000);
    expect(background).toEqual([{ one: 1 }]);

    // A request connection given back goes to the request that waited.
    await held[0]?.release();
    const runner = await within(third, 1_000);
    expect(runner).not.toBe('pending');
    await expect((runner as QueryRunner).query('SELECT 2 AS two')).resolves.toEqual([{ two: 2 }]);
  });

  it('runs a background transaction on its own connection past the limit, and gives it back', async () => {
    await open(2, 1);
    await requestConnection();
    const answer = await within(
      backgroundTransaction(dataSource, async (manager) => {
        await new Promise((resolve) => setTimeout(resolve, 10));
        return manager.query<Array<{ n: number }>>('SELECT 3 AS n');
      }),
      1_000,
    );
    expect(answer).toEqual([{ n: 3 }]);
    // Given back: the next background query finds it free.
    await expect(within(backgroundQuery(dataSource, 'SELECT 4 AS n'), 1_000)).resolves.toEqual([{ n: 4 }]);
  });

  it('marks only the checkout it wraps: a request asking at the same moment still waits', async () => {
    await open(2, 1);
    await requestConnection();
    const background = backgroundQuery(dataSource, 'SELECT 5 AS n');
    const request = dataSource.query('SELECT 6 AS n');

    await expect(within(background, 1_000)).resolves.toEqual([{ n: 5 }]);
    expect(await within(request, 300)).toBe('pending');
    await held[0]?.release();
    await expect(within(request, 1_000)).resolves.toEqual([{ n: 6 }]);
  });

  it('turns on no promise hooks (async context tracking would cost every promise of the process)', async () => {
    // With promise hooks on, every promise continuation runs under a fresh async id.
    const continuationId = () => new Promise<number>((resolve) => void Promise.resolve().then(() => resolve(executionAsyncId())));
    await open(3, 1);
    await backgroundTransaction(dataSource, (manager) => manager.query('SELECT 1'));
    await backgroundQuery(dataSource, 'SELECT 1');

    expect(await continuationId()).toBe(await continuationId());
  });

  it("runs an inbox transaction on a kept connection by default, and on the requests' side when the handler says shared", async () => {
    await open(2, 1);
    await dataSource.query('CREATE TABLE IF NOT EXISTS inbox (consumer_group text NOT NULL, event_id uuid NOT NULL, PRIMARY KEY (consumer_group, event_id))');
    const inbox = new PostgresEventInbox(dataSource);
    await requestConnection();
    const applied: string[] = [];

    const kept = inbox.runOnce('g', randomUUID(), async () => void applied.push('kept'));
    await expect(within(kept, 1_000)).resolves.toBe('handled');

    const shared = inbox.runOnce('g', randomUUID(), async () => void applied.push('shared'), { connections: 'shared' });
    expect(await within(shared, 300)).toBe('pending');
    await held[0]?.release();
    await expect(within(shared, 1_000)).resolves.toBe('handled');
    expect(applied).toEqual(['kept', 'shared']);
  });

  it('times a waiting request out like the pool does', async () => {
    await open(2, 1, 200);
    await requestConnection();
    await expect(dataSource.query('SELECT 1')).rejects.toThrow(/timeout exceeded when trying to connect/);
  });

  it('shares the whole pool first come, first served with nothing reserved', async () => {
    await open(2, 0);
    await requestConnection();
    await expect(within(requestConnection(), 1_000)).resolves.not.toBe('pending');
  });
});
