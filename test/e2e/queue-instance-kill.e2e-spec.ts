import { randomUUID } from 'node:crypto';
import { QueueTokenKeys } from '@concert/platform';
import { testInfra } from '@concert/testing';
import Redis from 'ioredis';
import { ApiClient, futureStartsAt } from './support/api-client';
import { startE2eSystem, type E2eSystem } from './support/e2e-system';

interface Waiter {
  userId: string;
  token: string;
  /** Every status code its polls got, and every queue status it read. */
  codes: number[];
  statuses: string[];
}

const FIRST_WAVE = 60;
const SECOND_WAVE = 20;
const CAPACITY = 5;

/** The token id a signed queue token carries (`v1.<payload>.<signature>`). */
function tokenIdOf(token: string): string {
  const payload = token.split('.')[1] ?? '';
  return (JSON.parse(Buffer.from(payload, 'base64url').toString('utf8')) as { tid: string }).tid;
}

function countOf(codes: number[]): Record<number, number> {
  const counts: Record<number, number> = {};
  for (const code of codes) counts[code] = (counts[code] ?? 0) + 1;
  return counts;
}

/**
 * Every queue-service process runs admission rounds (api instances and the worker alike, no
 * leader). Killing them one after another with SIGKILL while the room moves must lose no place,
 * admit nobody twice and admit nobody out of order: each round is one Redis script, so a process
 * dies either before it or after it, never half-way through.
 */
describe('queue-service instances SIGKILLed mid-admission (2 api instances and a worker)', () => {
  let sut: E2eSystem;
  let api: ApiClient;
  let redis: Redis;

  beforeAll(async () => {
    sut = await startE2eSystem({
      name: 'queue_kill',
      replicas: 2,
      restart: false,
      serviceEnv: {
        'queue-service': { QUEUE_MAX_ACTIVE_USERS: String(CAPACITY), QUEUE_ACTIVE_SECONDS: '1', QUEUE_ADMIT_INTERVAL_MS: '100' },
      },
    });
    api = new ApiClient(sut.gatewayUrl);
    expect((await api.createConcert([{ startsAt: futureStartsAt(30), seatPrice: 10_000 }])).status).toBe(201);
    redis = new Redis(testInfra.redisUrl, { keyPrefix: sut.redisKeyPrefix });
  }, 180_000);

  afterAll(async () => {
    await redis?.quit();
    await sut?.stop();
  });

  /**
   * Joins as a client would: a 503 (the instance it reached died under it) is tried again after its
   * Retry-After. A join is the user's own, so asking again returns the place already taken, if any.
   */
  async function join(): Promise<Waiter> {
    const userId = randomUUID();
    const codes: number[] = [];
    for (;;) {
      const joined = await api.join(userId);
      codes.push(joined.status);
      if (joined.status === 200 || joined.status === 201) return { userId, token: joined.body.token, codes, statuses: [joined.body.status] };
      expect({ status: joined.status, retryAfter: joined.headers.get('retry-after') }).toEqual({ status: 503, retryAfter: '2' });
      if (codes.length > 5) throw new Error(`join kept failing: ${codes.join(', ')}`);
      await new Promise((resolve) => setTimeout(resolve, 500));
    }
  }

  /** Polls the waiter's place until it reads ACTIVE (or the deadline passes). */
  async function follow(waiter: Waiter, deadline: number): Promise<void> {
    while (Date.now() < deadline && waiter.statuses.at(-1) !== 'ACTIVE') {
      await new Promise((resolve) => setTimeout(resolve, 250));
      const place = await api.me(waiter.token).catch(() => ({ status: 0, body: undefined }));
      waiter.codes.push(place.status);
      if (place.status === 200 && place.body) waiter.statuses.push(place.body.status);
    }
  }

  it('keeps every place, admits each waiter exactly once and in join order', async () => {
    const waiters: Waiter[] = [];
    for (let i = 0; i < FIRST_WAVE; i++) waiters.push(await join());
    const deadline = Date.now() + 120_000;
    const following = waiters.map((waiter) => follow(waiter, deadline));

    // Kill each queue-service process in turn while admissions run, starting it again after a pause;
    // the second wave joins in the middle of it.
    const victims = ['queue-service#1', 'queue-service-worker', 'queue-service#2', 'queue-service-worker', 'queue-service#1', 'queue-service#2'];
    let killed = 0;
    let done = false;
    const killing = (async () => {
      for (const victim of victims) {
        if (done) return;
        const restart = await sut.system.kill(victim);
        killed += 1;
        await new Promise((resolve) => setTimeout(resolve, 400));
        await restart();
      }
    })();
    try {
      for (let i = 0; i < SECOND_WAVE; i++) {
        const waiter = await join();
        waiters.push(waiter);
        following.push(follow(waiter, deadline));
        await new Promise((resolve) => setTimeout(resolve, 100));
      }
      await killing;
      await Promise.all(following);
    } finally {
      done = true;
      await killing.catch(() => undefined);
    }

    expect(killed).toBe(victims.length);
    // Every waiter was admitted; nobody's token was ever unknown or expired before its turn.
    expect(waiters.filter((waiter) => waiter.statuses.at(-1) !== 'ACTIVE').map((waiter) => waiter.statuses.at(-1))).toEqual([]);
    const seen = new Set(waiters.flatMap((waiter) => waiter.statuses));
    expect([...seen].sort()).toEqual(['ACTIVE', 'WAITING']);
    // A call that reached a dying instance is answered 503 by the gateway (or retried elsewhere), never 401/404/5xx else.
    const codes = new Set(waiters.flatMap((waiter) => waiter.codes));
    process.stdout.write(`queue kill: ${killed} kills, answers ${JSON.stringify(countOf(waiters.flatMap((waiter) => waiter.codes)))}\n`);
    expect([...codes].filter((code) => ![200, 201, 503].includes(code))).toEqual([]);

    // What Redis holds: each token admitted once, in the order it joined.
    const hashes = await Promise.all(waiters.map((waiter) => redis.hgetall(QueueTokenKeys.token(api.defaultConcertId ?? '', tokenIdOf(waiter.token)))));
    const admissions = hashes.map((hash, index) => ({ index, seq: Number(hash.seq), admittedAt: Number(hash.admittedAt), reason: hash.expiredReason ?? '' }));
    expect(admissions.filter((entry) => !(entry.admittedAt > 0))).toEqual([]);
    expect(admissions.filter((entry) => entry.reason !== '' && entry.reason !== 'ACTIVE_TIMEOUT')).toEqual([]);
    const bySeq = [...admissions].sort((a, b) => a.seq - b.seq);
    expect(bySeq.map((entry) => entry.index)).toEqual(waiters.map((_, index) => index));
    const outOfOrder = bySeq.filter((entry, i) => i > 0 && entry.admittedAt < (bySeq[i - 1]?.admittedAt ?? 0));
    expect(outOfOrder).toEqual([]);
    expect(Number(await redis.get(`queue:{room:${api.defaultConcertId ?? ''}}:admitted-total`))).toBe(FIRST_WAVE + SECOND_WAVE);
  }, 240_000);
});
