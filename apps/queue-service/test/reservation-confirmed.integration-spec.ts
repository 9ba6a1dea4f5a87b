import { randomUUID } from 'node:crypto';
import { type ReservationConfirmed, Topics } from '@concert/contracts';
import { encodeEvent, redisInboxKey } from '@concert/platform';
import { createTestKafka, type TestKafka, uniqueTopicPrefix, waitFor } from '@concert/testing';
import type Redis from 'ioredis';
import { QueueRedisKeys } from '../src/queue/infrastructure/redis/queue-redis-keys';
import { dropRedisPrefix, prefixedRedis, uniqueRedisPrefix } from './redis-test-support';
import { http, joinQueue, myPlace, resetHttpAgent, type RunningQueueApp, startQueueApp, TEST_CONCERT_ID } from './queue-test-app';

function reservationConfirmed(payload: ReservationConfirmed, eventId = randomUUID()) {
  return encodeEvent({ id: eventId, topic: Topics.ReservationConfirmed, key: payload.reservationId, payload, headers: {}, occurredAt: new Date().toISOString() });
}

function confirmation(userId: string, queueTokenId: string | null, sagaLatencyMs = 0): ReservationConfirmed {
  const confirmedAt = Date.now();
  return {
    reservationId: randomUUID(),
    userId,
    concertId: TEST_CONCERT_ID,
    scheduleId: randomUUID(),
    seatNo: 7,
    version: 2,
    paymentId: randomUUID(),
    confirmedAt: new Date(confirmedAt).toISOString(),
    queueTokenId,
    paidAt: new Date(confirmedAt - sagaLatencyMs).toISOString(),
  };
}

/**
 * queue-service with its consumer on a real Kafka (topics under a fresh prefix) and a real Redis
 * (a fresh key prefix), started before the describe block's tests and removed after them.
 */
function consumingQueueApp(name: string, env: Record<string, string>) {
  const topicPrefix = uniqueTopicPrefix();
  const redisPrefix = uniqueRedisPrefix(name);
  const fixture = {} as { kafka: TestKafka; app: RunningQueueApp; redis: Redis };

  beforeAll(async () => {
    fixture.kafka = createTestKafka(topicPrefix);
    await fixture.kafka.ensureTopics([Topics.ReservationConfirmed]);
    fixture.app = await startQueueApp(
      { REDIS_KEY_PREFIX: redisPrefix, KAFKA_TOPIC_PREFIX: topicPrefix, KAFKA_SESSION_TIMEOUT_MS: '6000', QUEUE_ADMIT_INTERVAL_MS: '100', ...env },
      { messaging: true },
    );
    fixture.redis = prefixedRedis(redisPrefix);
  });

  afterAll(async () => {
    await resetHttpAgent();
    await fixture.app?.close();
    await fixture.redis?.quit();
    await fixture.kafka?.cleanup();
    await dropRedisPrefix(redisPrefix);
  });

  return fixture;
}

/** reservation.confirmed on a real Kafka → queue-service's consumer → the token EXPIRED, its slot refilled. */
describe('ReservationConfirmed consumer (real Kafka, real Redis)', () => {
  const fixture = consumingQueueApp('confirmed', { QUEUE_MAX_ACTIVE_USERS: '1' });

  it('expires the token the confirmed payment was made with and admits the next user; a redelivery changes nothing', async () => {
    const payer = await joinQueue(fixture.app.url, randomUUID());
    const next = await joinQueue(fixture.app.url, randomUUID());
    const after = await joinQueue(fixture.app.url, randomUUID());
    expect([payer.body.status, next.body.position, after.body.position]).toEqual(['ACTIVE', 1, 2]);
    const tokenId = (await fixture.redis.get(QueueRedisKeys.user(TEST_CONCERT_ID, payer.body.userId))) as string;
    const eventId = randomUUID();
    const event = reservationConfirmed(confirmation(payer.body.userId, tokenId), eventId);

    await fixture.kafka.bus.publish([event]);

    await waitFor(async () => expect((await myPlace(fixture.app.url, payer.body.token)).body.status).toBe('EXPIRED'), { timeoutMs: 20_000, intervalMs: 100 });
    await waitFor(async () => expect((await myPlace(fixture.app.url, next.body.token)).body.status).toBe('ACTIVE'), { timeoutMs: 3_000, intervalMs: 50 });
    expect(await fixture.redis.hget(QueueRedisKeys.token(TEST_CONCERT_ID, tokenId), 'expiredReason')).toBe('PAID');
    await waitFor(async () => expect(await fixture.redis.exists(redisInboxKey('queue-service', eventId))).toBe(1), { timeoutMs: 3_000 });

    // Redelivery of the same event: handled once (inbox), the next user keeps their slot.
    await fixture.kafka.bus.publish([event]);
    await new Promise((resolve) => setTimeout(resolve, 1_000));
    await expect(myPlace(fixture.app.url, next.body.token)).resolves.toMatchObject({ body: { status: 'ACTIVE' } });
    await expect(myPlace(fixture.app.url, after.body.token)).resolves.toMatchObject({ body: { status: 'WAITING', position: 1 } });
  });

  it('reports Kafka and Redis in /health', async () => {
    await expect(http(`${fixture.app.url}/health`)).resolves.toMatchObject({ status: 200, body: { info: { redis: { status: 'up' }, kafka: { status: 'up' } } } });
  });
});

/**
 * Adaptive admission end to end: the saga latency a ReservationConfirmed event carries (paidAt →
 * confirmedAt) moves the active set's capacity, through real Kafka and the real scripts.
 */
describe('ReservationConfirmed consumer with adaptive admission (real Kafka, real Redis)', () => {
  const fixture = consumingQueueApp('adaptive', { QUEUE_MAX_ACTIVE_USERS: '3', QUEUE_ADMISSION_LATENCY_TARGET_MS: '200', QUEUE_ADMISSION_MIN_ACTIVE_USERS: '1' });

  async function tokenIdOf(userId: string): Promise<string> {
    return (await fixture.redis.get(QueueRedisKeys.user(TEST_CONCERT_ID, userId))) as string;
  }

  it('opens at the minimum, grows with an on-time confirmation, and a slow one cuts it so that its slot stays empty', async () => {
    const buyers = [];
    for (let index = 0; index < 4; index++) buyers.push((await joinQueue(fixture.app.url, randomUUID())).body);
    // The room opens at QUEUE_ADMISSION_MIN_ACTIVE_USERS (1), not at the maximum (3).
    expect(buyers.map((buyer) => buyer.status)).toEqual(['ACTIVE', 'WAITING', 'WAITING', 'WAITING']);
    const [first, second, third, fourth] = buyers;

    // Confirmed 50 ms after its payment, with the one slot taken: 1 → 2 slots, both given to the next two in line.
    await fixture.kafka.bus.publish([reservationConfirmed(confirmation(first.userId, await tokenIdOf(first.userId), 50))]);
    await waitFor(async () => expect((await myPlace(fixture.app.url, third.token)).body.status).toBe('ACTIVE'), { timeoutMs: 20_000, intervalMs: 100 });
    await expect(myPlace(fixture.app.url, second.token)).resolves.toMatchObject({ body: { status: 'ACTIVE' } });
    await expect(myPlace(fixture.app.url, first.token)).resolves.toMatchObject({ body: { status: 'EXPIRED' } });

    // Confirmed 500 ms after its payment: 2 slots in use × 0.5 (200 / 500, held at half) → 1 slot.
    await fixture.kafka.bus.publish([reservationConfirmed(confirmation(second.userId, await tokenIdOf(second.userId), 500))]);
    await waitFor(async () => expect((await myPlace(fixture.app.url, second.token)).body.status).toBe('EXPIRED'), { timeoutMs: 20_000, intervalMs: 100 });
    // Several admission rounds later, its slot is still not given away: the third buyer holds the one slot.
    await new Promise((resolve) => setTimeout(resolve, 500));
    await expect(myPlace(fixture.app.url, fourth.token)).resolves.toMatchObject({ body: { status: 'WAITING', position: 1 } });
    expect(await fixture.redis.zcard(QueueRedisKeys.active(TEST_CONCERT_ID))).toBe(1);
    expect(Number(await fixture.redis.hget(QueueRedisKeys.admissionLimit(TEST_CONCERT_ID), 'limit'))).toBe(1);
    // The next admission round reports the room's capacity, labelled by its concert.
    const capacity = new RegExp(`^queue_room_active_capacity\\{[^}]*concert="${TEST_CONCERT_ID}"[^}]*\\} 1$`, 'm');
    await waitFor(async () => capacity.test(await (await fetch(`${fixture.app.url}/metrics`)).text()), { timeoutMs: 5_000, description: 'the room capacity on /metrics' });
  });
});
