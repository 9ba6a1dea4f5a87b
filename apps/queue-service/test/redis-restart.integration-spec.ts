import { randomUUID } from 'node:crypto';
import { createThrowawayRedis, type ThrowawayRedis } from '@concert/testing';
import Redis from 'ioredis';
import { durabilityProblems, persistenceOf } from '../src/queue/infrastructure/redis/redis-durability';
import { QueueTokenKeys } from '@concert/platform';
import { joinQueue, myPlace, resetHttpAgent, type RunningQueueApp, startQueueApp, TEST_CONCERT_ID } from './queue-test-app';

/**
 * The waiting room survives a Redis crash: Redis runs with the project's configuration (append-only
 * file, fsync every second), is SIGKILLed with a room full of people, and started again on the same
 * data. Every waiting token keeps its place and order, every active one stays active.
 */
describe('queue-service across a Redis crash (the project redis.conf)', () => {
  let redis: ThrowawayRedis;
  let app: RunningQueueApp;

  beforeAll(async () => {
    redis = await createThrowawayRedis();
    await redis.start();
    app = await startQueueApp({ REDIS_URL: redis.url, QUEUE_MAX_ACTIVE_USERS: '3', QUEUE_ADMISSION_ENABLED: 'false', QUEUE_WAITING_IDLE_SECONDS: '600' });
  }, 30_000);

  afterAll(async () => {
    await resetHttpAgent();
    await app?.close();
    await redis?.destroy();
  });

  it('is the configuration it checks for at start: AOF, fsync every second, noeviction', async () => {
    const client = new Redis(redis.url);
    try {
      const persistence = await persistenceOf(client);
      expect(persistence).toEqual({ appendonly: true, snapshots: true, evictionPolicy: 'noeviction' });
      expect(durabilityProblems(persistence)).toEqual([]);
      expect(await client.config('GET', 'appendfsync')).toEqual(['appendfsync', 'everysec']);
    } finally {
      client.disconnect();
    }
  });

  it('keeps every place, in order, and every active token active after a SIGKILL and a restart', async () => {
    const users = Array.from({ length: 8 }, () => randomUUID());
    const joined = [];
    for (const user of users) joined.push((await joinQueue(app.url, user)).body);
    const before = joined.map(({ token, status, position }) => ({ token, status, position }));
    expect(before.map(({ status }) => status)).toEqual(['ACTIVE', 'ACTIVE', 'ACTIVE', 'WAITING', 'WAITING', 'WAITING', 'WAITING', 'WAITING']);
    expect(before.slice(3).map(({ position }) => position)).toEqual([1, 2, 3, 4, 5]);

    // appendfsync everysec: what was written more than a second ago is on disk.
    await new Promise((resolve) => setTimeout(resolve, 1_500));
    await redis.kill();

    // While Redis is down: 503 with Retry-After, for joins and for reads of a place.
    const refusedJoin = await joinQueue(app.url, randomUUID());
    expect([refusedJoin.status, refusedJoin.body.code, refusedJoin.headers['retry-after']]).toEqual([503, 'SERVICE_UNAVAILABLE', '2']);
    const refusedRead = await myPlace(app.url, before[3]?.token);
    expect([refusedRead.status, refusedRead.body.code]).toEqual([503, 'SERVICE_UNAVAILABLE']);

    await redis.start();

    const after = [];
    for (const { token } of before) {
      const place = await pollUntilAnswered(() => myPlace(app.url, token));
      after.push({ token, status: place.status, position: place.position });
    }
    expect(after).toEqual(before);
    // Nobody jumps the queue after the restart: the next to join goes to the back.
    const late = await joinQueue(app.url, randomUUID());
    expect([late.body.status, late.body.position]).toEqual(['WAITING', 6]);
  }, 60_000);
});

describe('admission across a Redis crash (the project redis.conf, rounds running)', () => {
  it('admits the waiting users after the restart in the order they held before it, none skipped, none twice', async () => {
    const durable = await createThrowawayRedis();
    await durable.start();
    const app = await startQueueApp({
      REDIS_URL: durable.url,
      QUEUE_MAX_ACTIVE_USERS: '2',
      QUEUE_ACTIVE_SECONDS: '2',
      QUEUE_ADMIT_INTERVAL_MS: '100',
      QUEUE_WAITING_IDLE_SECONDS: '600',
    });
    try {
      const joined = [];
      for (let i = 0; i < 6; i++) joined.push((await joinQueue(app.url, randomUUID())).body);
      expect(joined.map(({ status, position }) => [status, position])).toEqual([['ACTIVE', null], ['ACTIVE', null], ['WAITING', 1], ['WAITING', 2], ['WAITING', 3], ['WAITING', 4]]);

      await new Promise((resolve) => setTimeout(resolve, 1_200));
      await durable.kill();
      await new Promise((resolve) => setTimeout(resolve, 1_000));
      await durable.start();

      // Every active window is 2 s, so the four who waited are let in two at a time as windows end.
      const client = new Redis(durable.url);
      try {
        const admittedAt = async (token: string) => {
          const tokenId = (JSON.parse(Buffer.from(token.split('.')[1] ?? '', 'base64url').toString('utf8')) as { tid: string }).tid;
          return Number(await client.hget(QueueTokenKeys.token(TEST_CONCERT_ID, tokenId), 'admittedAt'));
        };
        const deadline = Date.now() + 20_000;
        let times: number[] = [];
        for (;;) {
          for (const { token } of joined) await pollUntil(() => myPlace(app.url, token), (response) => response.status !== 503);
          times = await Promise.all(joined.map(({ token }) => admittedAt(token)));
          if (times.every((time) => time > 0) || Date.now() > deadline) break;
          await new Promise((resolve) => setTimeout(resolve, 200));
        }
        expect(times.every((time) => time > 0)).toBe(true);
        // In queue order: each waiting user admitted no earlier than the one ahead of them.
        const waited = times.slice(2);
        expect(waited).toEqual([...waited].sort((a, b) => a - b));
        expect(Math.min(...waited)).toBeGreaterThanOrEqual(Math.max(...times.slice(0, 2)));
        expect(Number(await client.get(`${QueueTokenKeys.room(TEST_CONCERT_ID)}admitted-total`))).toBe(6);
      } finally {
        client.disconnect();
      }
    } finally {
      await resetHttpAgent();
      await app.close();
      await durable.destroy();
    }
  }, 60_000);
});

describe('the same crash without persistence (the old --save "" --appendonly no)', () => {
  it('loses the room: the tokens are unknown afterwards and the next joiner is admitted first', async () => {
    const volatile = await createThrowawayRedis({ args: ['--save', '', '--appendonly', 'no'] });
    await volatile.start();
    const app = await startQueueApp({ REDIS_URL: volatile.url, QUEUE_MAX_ACTIVE_USERS: '1', QUEUE_ADMISSION_ENABLED: 'false' });
    try {
      await joinQueue(app.url, randomUUID());
      const waiting = (await joinQueue(app.url, randomUUID())).body;
      expect([waiting.status, waiting.position]).toEqual(['WAITING', 1]);
      await new Promise((resolve) => setTimeout(resolve, 1_500));
      await volatile.kill();
      await volatile.start();
      const lost = await pollUntil(() => myPlace(app.url, waiting.token), (response) => response.status !== 503);
      expect([lost.status, lost.body.code]).toEqual([401, 'QUEUE_TOKEN_INVALID']);
      expect((await joinQueue(app.url, randomUUID())).body.status).toBe('ACTIVE');
    } finally {
      await resetHttpAgent();
      await app.close();
      await volatile.destroy();
    }
  }, 60_000);
});

/** Reads until `done` says the answer is the one to look at (the client reconnects meanwhile). */
async function pollUntil<T extends { status: number }>(read: () => Promise<T>, done: (response: T) => boolean): Promise<T> {
  const deadline = Date.now() + 15_000;
  for (;;) {
    const response = await read();
    if (done(response) || Date.now() > deadline) return response;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

/** The app's Redis client reconnects on its own; until then a read may fail. */
async function pollUntilAnswered(read: () => Promise<{ status: number; body: { status: string; position: number | null } }>) {
  const deadline = Date.now() + 15_000;
  for (;;) {
    const response = await read();
    if (response.status === 200) return response.body;
    if (Date.now() > deadline) throw new Error(`no answer after the restart: ${response.status} ${JSON.stringify(response.body)}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}
