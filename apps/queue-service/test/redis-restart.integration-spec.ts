import { randomUUID } from 'node:crypto';
import { createThrowawayRedis, type ThrowawayRedis } from '@concert/testing';
import Redis from 'ioredis';
import { durabilityProblems, persistenceOf } from '../src/queue/infrastructure/redis/redis-durability';
import { joinQueue, myPlace, resetHttpAgent, type RunningQueueApp, startQueueApp } from './queue-test-app';

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
