import { randomUUID } from 'node:crypto';
import Redis from 'ioredis';
import { testInfra, waitFor } from '@concert/testing';
import { QueueRedisKeys } from '../../apps/queue-service/src/queue/infrastructure/redis/queue-redis-keys';
import { ApiClient, futureStartsAt } from './support/api-client';
import { startE2eSystem, type E2eSystem } from './support/e2e-system';
import { assertReconciled } from './support/reconciliation';

const SEAT_PRICE = 40_000;

/**
 * Adaptive admission (ADR 0015) as `npm start` runs it, with two instances of every service: the
 * room opens at QUEUE_ADMISSION_MIN_ACTIVE_USERS and each purchase confirmed within the target,
 * while every slot is taken, adds a slot (slow start) — up to QUEUE_MAX_ACTIVE_USERS. The target
 * here is a minute, so every purchase is on time and the growth is exact.
 */
describe('adaptive waiting room through the gateway (2 replicas of every service)', () => {
  let sut: E2eSystem;
  let api: ApiClient;
  let redis: Redis;
  let scheduleId: string;
  let nextSeat = 1;

  async function buy(userId: string, token: string): Promise<string> {
    expect((await api.charge(userId, SEAT_PRICE)).status).toBe(200);
    const hold = await api.hold(token, scheduleId, nextSeat++);
    expect(hold.status).toBe(201);
    const payment = await api.pay(token, hold.body.reservationId);
    expect(payment.status).toBe(201);
    return hold.body.reservationId;
  }

  async function confirmed(reservationId: string): Promise<void> {
    await waitFor(async () => (await api.reservation(reservationId)).body.status === 'CONFIRMED', {
      timeoutMs: 15_000,
      description: `reservation ${reservationId} confirmed`,
    });
  }

  beforeAll(async () => {
    sut = await startE2eSystem({
      name: 'adaptive',
      replicas: 2,
      env: { QUEUE_MAX_ACTIVE_USERS: '8', QUEUE_ADMISSION_LATENCY_TARGET_MS: '60000', QUEUE_ADMISSION_MIN_ACTIVE_USERS: '2', QUEUE_ADMIT_INTERVAL_MS: '100' },
    });
    api = new ApiClient(sut.gatewayUrl);
    redis = new Redis(testInfra.redisUrl, { keyPrefix: sut.redisKeyPrefix });
    const created = await api.createConcert([{ startsAt: futureStartsAt(10), seatPrice: SEAT_PRICE }]);
    expect(created.status).toBe(201);
    scheduleId = created.body.schedules[0].scheduleId;
    // One buyer first, once reservation-service knows the schedule (from concert-service's
    // events): the room, 1 slot of 2 in use, stays at 2.
    const probeUser = randomUUID();
    const probeToken = await api.admitted(probeUser);
    const probeHold = await waitFor(
      async () => {
        const hold = await api.hold(probeToken, scheduleId, 50);
        return hold.status === 201 ? hold.body : false;
      },
      { timeoutMs: 15_000, description: 'catalog reached reservation-service' },
    );
    expect((await api.charge(probeUser, SEAT_PRICE)).status).toBe(200);
    expect((await api.pay(probeToken, probeHold.reservationId)).status).toBe(201);
    await confirmed(probeHold.reservationId);
    await waitFor(async () => (await api.me(probeToken)).body.status === 'EXPIRED', { timeoutMs: 10_000, description: 'the probe buyer’s token expired' });
  });

  afterAll(async () => {
    await redis?.quit();
    await sut?.stop();
  });

  it('lets in two of ten buyers at first, then more as their purchases confirm on time, never more than the maximum', async () => {
    const buyers = await Promise.all(
      Array.from({ length: 10 }, async () => {
        const userId = randomUUID();
        const joined = await api.join(userId);
        expect(joined.status).toBe(201);
        return { userId, token: joined.body.token, status: joined.body.status, position: joined.body.position };
      }),
    );
    const first = buyers.filter((buyer) => buyer.status === 'ACTIVE');
    expect(first).toHaveLength(2);
    expect(buyers.flatMap((buyer) => (buyer.status === 'WAITING' ? [buyer.position] : [])).sort((a, b) => (a ?? 0) - (b ?? 0))).toEqual([1, 2, 3, 4, 5, 6, 7, 8]);

    // Both first buyers pay; each purchase, on time with the room full, adds a slot and hands on its
    // own: 2 → 3 → 4 (a room that hears of no purchase for 2 s grows by one more on its own).
    for (const reservationId of await Promise.all(first.map((buyer) => buy(buyer.userId, buyer.token)))) await confirmed(reservationId);
    const statuses = async () => Promise.all(buyers.map(async (buyer) => (await api.me(buyer.token)).body.status));
    const activeNow = async () => (await statuses()).filter((status) => status === 'ACTIVE').length;
    await waitFor(async () => (await activeNow()) >= 4, { timeoutMs: 10_000, description: 'four buyers active' });
    const limit = Number(await redis.hget(QueueRedisKeys.admissionLimit(api.defaultConcertId ?? ''), 'limit'));
    expect(limit).toBeGreaterThanOrEqual(4);
    expect(await activeNow()).toBe(Math.floor(limit));
    expect(await redis.zcard(QueueRedisKeys.active(api.defaultConcertId ?? ''))).toBe(Math.floor(limit));

    // Everyone else buys as they get in. The room grows while it is full (how far depends on how
    // purchases and admissions interleave once the queue runs dry), never past the maximum of 8.
    const bought = new Set(first.map((buyer) => buyer.userId));
    let mostActive = 0;
    await waitFor(
      async () => {
        mostActive = Math.max(mostActive, await redis.zcard(QueueRedisKeys.active(api.defaultConcertId ?? '')));
        const current = await statuses();
        const ready = buyers.filter((buyer, index) => current[index] === 'ACTIVE' && !bought.has(buyer.userId));
        await Promise.all(
          ready.map(async (buyer) => {
            await confirmed(await buy(buyer.userId, buyer.token));
            bought.add(buyer.userId);
          }),
        );
        return bought.size === buyers.length;
      },
      { timeoutMs: 60_000, intervalMs: 100, description: 'every buyer admitted and served' },
    );
    expect(mostActive).toBeLessThanOrEqual(8);
    const finalLimit = Number(await redis.hget(QueueRedisKeys.admissionLimit(api.defaultConcertId ?? ''), 'limit'));
    expect(finalLimit).toBeGreaterThanOrEqual(5);
    expect(finalLimit).toBeLessThanOrEqual(8);
    await waitFor(async () => (await statuses()).every((status) => status === 'EXPIRED'), { timeoutMs: 10_000, description: 'every token expired' });
    await assertReconciled(sut.databaseUrl);
  });
});
