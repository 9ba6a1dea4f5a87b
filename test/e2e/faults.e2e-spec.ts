import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { ALL_TOPICS } from '@concert/contracts';
import { createTestKafka, createThrowawayKafka, type ThrowawayKafka, waitFor } from '@concert/testing';
import { Client } from 'pg';
import { ApiClient, futureStartsAt, type ReservationBody } from './support/api-client';
import { startE2eSystem, type E2eSystem } from './support/e2e-system';
import { assertReconciled } from './support/reconciliation';

interface Purchase {
  userId: string;
  token: string;
  reservation: ReservationBody;
}

/**
 * Failures in the middle of the saga (issue: fault tests): Kafka down while payments are made, a
 * service killed mid-confirmation, every event delivered twice, the data-platform sink down.
 * The system runs on a Kafka broker of its own so the test can take it away.
 */
describe('fault tolerance of the saga (2 replicas, own Kafka broker)', () => {
  let broker: ThrowawayKafka;
  let sut: E2eSystem;
  let api: ApiClient;
  let db: Client;
  let scheduleIds: string[];
  let nextSeat = 0;

  beforeAll(async () => {
    broker = await createThrowawayKafka();
    await broker.start();
    sut = await startE2eSystem({
      name: 'faults',
      replicas: 2,
      kafkaBrokers: [broker.brokers],
      env: { OUTBOX_RETRY_MAX_DELAY_MS: '1000', CONSUMER_RETRY_MAX_DELAY_MS: '500' },
      restart: true,
    });
    api = new ApiClient(sut.gatewayUrl);
    db = new Client({ connectionString: sut.databaseUrl });
    await db.connect();
    const created = await api.createConcert([1, 2, 3, 4].map((day) => ({ startsAt: futureStartsAt(40 + day), seatPrice: 10_000 })));
    expect(created.status).toBe(201);

    scheduleIds = created.body.schedules.map((schedule) => schedule.scheduleId);
    const probe = await api.admitted(randomUUID());
    await waitFor(async () => (await api.hold(probe, scheduleIds[3], 50)).status === 201, { timeoutMs: 20_000, description: 'catalog reached reservation-service' });
  }, 180_000);

  afterAll(async () => {
    await db?.end();
    await sut?.stop();
    await broker?.destroy();
  });

  /** `count` buyers, each admitted, holding a seat and funded with exactly its price. */
  async function preparePurchases(count: number): Promise<Purchase[]> {
    const purchases: Purchase[] = [];
    for (let i = 0; i < count; i++) {
      const seat = nextSeat++;
      const userId = randomUUID();
      const token = await api.admitted(userId);
      const hold = await api.hold(token, scheduleIds[Math.floor(seat / 49)], (seat % 49) + 1);
      expect(hold.status).toBe(201);
      expect((await api.charge(userId, hold.body.price)).status).toBe(200);
      purchases.push({ userId, token, reservation: hold.body });
    }
    return purchases;
  }

  async function expectSettled(purchases: Purchase[], timeoutMs: number): Promise<void> {
    const ids = purchases.map((purchase) => purchase.reservation.reservationId);
    await waitFor(
      async () => {
        const { rows } = await db.query<{ n: number }>(`SELECT count(*)::int AS n FROM reservation.reservations WHERE id = ANY($1) AND status = 'CONFIRMED'`, [ids]);
        return rows[0]?.n === ids.length;
      },
      { timeoutMs, intervalMs: 250, description: `${ids.length} reservations CONFIRMED` },
    );
    await waitFor(
      async () => {
        const { rows } = await db.query<{ n: number }>(`SELECT count(*)::int AS n FROM concert.seats WHERE reservation_id = ANY($1) AND status = 'SOLD'`, [ids]);
        return rows[0]?.n === ids.length;
      },
      { timeoutMs, intervalMs: 250, description: `${ids.length} seats SOLD` },
    );
    for (const purchase of purchases) {
      expect((await api.balance(purchase.userId)).body.balance).toBe(0);
      expect((await api.history(purchase.userId)).body.map((entry) => entry.type)).toEqual(['PAYMENT', 'CHARGE']);
    }
    await waitFor(async () => (await Promise.all(purchases.map((purchase) => api.me(purchase.token)))).every((me) => me.body.status === 'EXPIRED'), {
      timeoutMs,
      description: 'every buyer token EXPIRED',
    });
  }

  it('takes 50 payments while Kafka is down and completes every saga once it is back', async () => {
    const purchases = await preparePurchases(50);
    await broker.stop();
    const payments = await Promise.all(purchases.map((purchase) => api.pay(purchase.token, purchase.reservation.reservationId)));
    expect(payments.map((payment) => payment.status)).toEqual(purchases.map(() => 201));
    // Nothing can have been confirmed: the events wait in the outbox.
    const { rows } = await db.query<{ n: number }>(`SELECT count(*)::int AS n FROM payment.outbox WHERE sent_at IS NULL`);
    expect(rows[0]?.n).toBeGreaterThanOrEqual(50);
    await broker.start();
    await expectSettled(purchases, 90_000);
    await assertReconciled(sut.databaseUrl);
  }, 240_000);

  it('completes every saga after the reservation-service worker is killed in the middle of confirmations', async () => {
    const purchases = await preparePurchases(30);
    const paying = Promise.all(purchases.map((purchase) => api.pay(purchase.token, purchase.reservation.reservationId)));
    // The worker consumes payment.completed and confirms: killed, nothing confirms until it is back.
    const restart = await sut.system.kill('reservation-service-worker');
    const payments = await paying;
    expect(payments.every((payment) => payment.status === 201)).toBe(true);
    await restart();
    await expectSettled(purchases, 60_000);
    await assertReconciled(sut.databaseUrl);
  });

  it('starts again an api instance that dies on its own, and keeps selling through the other meanwhile', async () => {
    const victim = sut.system.processes.find((managed) => managed.name === 'payment-service#1' && managed.child.exitCode === null);
    expect(victim).toBeDefined();
    victim?.child.kill('SIGKILL');
    await victim?.exited;
    const purchases = await preparePurchases(5);
    const payments = await Promise.all(purchases.map((purchase) => api.pay(purchase.token, purchase.reservation.reservationId)));
    expect(payments.map((payment) => payment.status)).toEqual([201, 201, 201, 201, 201]);
    await waitFor(async () => (await fetch(`${sut.system.serviceUrls['payment-service'][0]}/health`).then((response) => response.status, () => 0)) === 200, {
      timeoutMs: 60_000,
      description: 'payment-service#1 restarted',
    });
    const restarted = sut.system.processes.filter((managed) => managed.name === 'payment-service#1');
    expect(restarted).toHaveLength(2);
    expect(readFileSync(sut.logFile, 'utf8')).toMatch(/payment-service#1 +\| exited on its own \(signal SIGKILL\)/);
    await expectSettled(purchases, 60_000);
    await assertReconciled(sut.databaseUrl);
  });

  it('applies nothing twice when every event is delivered again', async () => {
    const snapshot = async () =>
      (
        await db.query<{ snapshot: string }>(
          `SELECT (SELECT count(*) FROM reservation.reservations WHERE status = 'CONFIRMED') || '/' ||
                  (SELECT count(*) FROM payment.payments) || '/' || (SELECT count(*) FROM payment.ledger) || '/' ||
                  (SELECT coalesce(sum(balance), 0) FROM payment.wallets) || '/' ||
                  (SELECT count(*) FROM concert.seats WHERE status <> 'AVAILABLE') AS snapshot`,
        )
      ).rows[0]?.snapshot;
    const before = await snapshot();
    const kafka = createTestKafka(sut.kafkaTopicPrefix, sut.kafkaBrokers);
    try {
      let replayed = 0;
      for (const topic of ALL_TOPICS) {
        const messages = await kafka.readAll(topic);
        if (messages.length === 0) continue;
        await kafka.bus.publish(messages.map((message) => ({ topic, key: message.key ?? '', value: message.value ?? '', headers: message.headers })));
        replayed += messages.length;
      }
      expect(replayed).toBeGreaterThan(200);
      // Every consumer group of the system (not the readers above) has committed past the copies.
      await waitFor(
        async () => {
          const lag = [...(await kafka.bus.consumerGroupLag())].filter(([groupId]) => !groupId.startsWith('reader-'));
          return lag.length >= 5 && lag.every(([, behind]) => behind === 0);
        },
        { timeoutMs: 60_000, intervalMs: 500, description: 'every consumer group caught up with the copies' },
      );
    } finally {
      await kafka.bus.disconnect();
    }
    expect(await snapshot()).toBe(before);
    await assertReconciled(sut.databaseUrl);
  });

  it('keeps selling while the data-platform sink is down, and the sink catches up afterwards', async () => {
    const restartSink = await sut.system.kill('history-sink');
    const purchases = await preparePurchases(10);
    for (const purchase of purchases) expect((await api.pay(purchase.token, purchase.reservation.reservationId)).status).toBe(201);
    await expectSettled(purchases, 30_000);
    // Every saga completed while the sink's group fell behind: the main flow never waited for it.
    const kafka = createTestKafka(sut.kafkaTopicPrefix, sut.kafkaBrokers);
    try {
      const lag = await waitFor(
        async () => {
          const groups = await kafka.bus.consumerGroupLag();
          return ['reservation-service', 'concert-service', 'payment-service', 'queue-service'].every((group) => groups.get(group) === 0) ? groups : false;
        },
        { timeoutMs: 30_000, intervalMs: 500, description: "the services' consumer groups caught up" },
      );
      expect(lag.get('history-sink')).toBeGreaterThanOrEqual(purchases.length);
    } finally {
      await kafka.bus.disconnect();
    }
    await restartSink();
    const ids = purchases.map((purchase) => purchase.reservation.reservationId);
    await waitFor(
      async () => {
        const { rows } = await db.query<{ n: number }>(
          `SELECT count(DISTINCT message_key)::int AS n FROM history.event_history WHERE topic = 'reservation.confirmed.v1' AND message_key = ANY($1)`,
          [ids],
        );
        return rows[0]?.n === ids.length;
      },
      { timeoutMs: 30_000, description: 'history caught up' },
    );
    await assertReconciled(sut.databaseUrl);
  });
});
