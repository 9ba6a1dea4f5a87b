import { randomUUID } from 'node:crypto';
import { waitFor } from '@concert/testing';
import { ApiClient, type ErrorBody, futureStartsAt } from './support/api-client';
import { startE2eSystem, type E2eSystem } from './support/e2e-system';
import { assertReconciled } from './support/reconciliation';

const HOLD_SECONDS = 4;

/**
 * The buyer's whole journey and its races, through the gateway, with two instances of every
 * backend service (SERVICE_REPLICAS=2), against real Postgres, Redis and Kafka.
 */
describe('purchase journey through the gateway (2 replicas of every service)', () => {
  let sut: E2eSystem;
  let api: ApiClient;
  let concertId: string;
  let scheduleIds: string[];

  beforeAll(async () => {
    sut = await startE2eSystem({ name: 'journey', replicas: 2, env: { RESERVATION_HOLD_SECONDS: String(HOLD_SECONDS) } });
    api = new ApiClient(sut.gatewayUrl);
    const created = await api.createConcert([
      { startsAt: futureStartsAt(10), seatPrice: 80_000, seatPrices: { '1': 150_000 } },
      { startsAt: futureStartsAt(11), seatPrice: 50_000 },
      { startsAt: futureStartsAt(12), seatPrice: 30_000 },
    ]);
    expect(created.status).toBe(201);
    concertId = created.body.concertId;
    scheduleIds = created.body.schedules.map((schedule) => schedule.scheduleId);
    // reservation-service learns the catalog from concert-service's events.
    const probeUser = randomUUID();
    const token = await api.admitted(probeUser);
    await waitFor(async () => (await api.hold(token, scheduleIds[2], 50)).status === 201, {
      timeoutMs: 15_000,
      description: 'catalog reached reservation-service',
    });
  });

  afterAll(async () => {
    await sut?.stop();
  });

  /** Twelve buyers, each paying its hold at a different moment around its expiry. */
  async function raceRound(round: number): Promise<string[]> {
    const attempts = await Promise.all(
      Array.from({ length: 12 }, async (_, index) => {
        const userId = randomUUID();
        const token = await api.admitted(userId);
        await api.charge(userId, 100_000);
        const hold = await api.hold(token, scheduleIds[2], round * 12 + index + 1);
        expect(hold.status).toBe(201);
        const lead = 150 - index * 15; // 150 ms before expiry … 15 ms after
        await new Promise((resolve) => setTimeout(resolve, Math.max(0, Date.parse(hold.body.expiresAt) - Date.now() - lead)));
        const payment = await api.pay(token, hold.body.reservationId);
        return { userId, token, reservationId: hold.body.reservationId, payment };
      }),
    );
    return Promise.all(
      attempts.map(async ({ userId, token, reservationId, payment }) => {
        if (payment.status !== 201) {
          expect((payment.body as unknown as ErrorBody).code).toBe('RESERVATION_EXPIRED');
          expect((await api.balance(userId)).body.balance).toBe(100_000);
          return 'refused';
        }
        // Settled: CONFIRMED (and paid), or released (and refunded in full).
        const settled = await waitFor(
          async () => {
            const [reservation, paid] = await Promise.all([api.reservation(reservationId), api.payment(payment.body.paymentId)]);
            if (reservation.body.status === 'CONFIRMED' && paid.body.status === 'COMPLETED') return 'confirmed';
            if (reservation.body.status === 'EXPIRED' && paid.body.status === 'REFUNDED') return 'refunded';
            return false;
          },
          { timeoutMs: 10_000, description: `saga of ${reservationId} settled` },
        );
        expect((await api.balance(userId)).body.balance).toBe(settled === 'confirmed' ? 70_000 : 100_000);
        if (settled === 'refunded') {
          expect((await api.history(userId)).body.map((entry) => entry.type)).toEqual(['REFUND', 'PAYMENT', 'CHARGE']);
          // No seat bought: the buyer keeps their turn (the token expires only with a confirmation).
          expect((await api.me(token)).body.status).toBe('ACTIVE');
        } else {
          await waitFor(async () => (await api.me(token)).body.status === 'EXPIRED', { timeoutMs: 5_000, description: 'token EXPIRED' });
        }
        return settled;
      }),
    );
  }

  it('takes a buyer from the queue to a confirmed, sold seat and expires their token', async () => {
    const userId = randomUUID();
    const token = await api.admitted(userId);
    const scheduleId = scheduleIds[0];

    const dates = await api.schedules(token, concertId);
    expect(dates.status).toBe(200);
    expect(dates.body.map((schedule) => schedule.scheduleId)).toEqual(expect.arrayContaining([scheduleId]));

    const before = await api.seats(token, concertId, scheduleId);
    expect(before.status).toBe(200);
    expect(before.body.seats).toHaveLength(50);
    expect(before.body.seats.find((seat) => seat.seatNo === 1)).toEqual({ seatNo: 1, price: 150_000, status: 'AVAILABLE' });

    const hold = await api.hold(token, scheduleId, 1);
    expect(hold.status).toBe(201);
    expect(hold.body).toMatchObject({ userId, concertId, scheduleId, seatNo: 1, price: 150_000, status: 'HELD' });

    await waitFor(async () => (await api.seats(token, concertId, scheduleId)).body.seats[0]?.status === 'HELD', {
      timeoutMs: 1_500,
      description: 'seat map shows HELD',
    });

    expect((await api.charge(userId, 200_000)).body).toEqual({ userId, balance: 200_000 });
    // Paid right after the hold's 201 (no waiting for events): the contract says it succeeds.
    const payment = await api.pay(token, hold.body.reservationId);
    expect(payment.status).toBe(201);
    expect(payment.body).toMatchObject({ reservationId: hold.body.reservationId, userId, amount: 150_000, status: 'COMPLETED' });

    await waitFor(async () => (await api.reservation(hold.body.reservationId)).body.status === 'CONFIRMED', {
      timeoutMs: 1_500,
      description: 'reservation CONFIRMED',
    });
    await waitFor(async () => (await api.me(token)).body.status === 'EXPIRED', { timeoutMs: 5_000, description: 'token EXPIRED' });
    const afterPayment = await api.seats(token, concertId, scheduleId);
    expect(afterPayment.status).toBe(401);
    expect((afterPayment.body as unknown as ErrorBody).code).toBe('QUEUE_TOKEN_EXPIRED');

    const viewer = await api.admitted(randomUUID());
    await waitFor(async () => (await api.seats(viewer, concertId, scheduleId)).body.seats[0]?.status === 'SOLD', {
      timeoutMs: 1_500,
      description: 'seat SOLD',
    });
    expect((await api.balance(userId)).body.balance).toBe(50_000);
    const history = await api.history(userId);
    expect(history.body.map((entry) => [entry.type, entry.amount, entry.balanceAfter])).toEqual([
      ['PAYMENT', 150_000, 50_000],
      ['CHARGE', 200_000, 200_000],
    ]);
    expect((await api.payment(payment.body.paymentId)).body.status).toBe('COMPLETED');

    // The saga's latency is measured where the confirmation happens.
    const counts = await Promise.all(
      sut.system.instanceUrls('reservation-service').map(async (url) => {
        const text = await (await fetch(`${url}/metrics`)).text();
        return Number(/^saga_payment_to_confirmed_seconds_count\S* (\d+)/m.exec(text)?.[1] ?? 0);
      }),
    );
    expect(counts.reduce((sum, count) => sum + count, 0)).toBeGreaterThanOrEqual(1);
  });

  it('gives one seat to exactly one of many buyers clicking at once', async () => {
    const buyers = await Promise.all(Array.from({ length: 40 }, async () => ({ userId: randomUUID(), token: '' })));
    for (const buyer of buyers) buyer.token = await api.admitted(buyer.userId);
    const results = await Promise.all(buyers.map((buyer) => api.hold(buyer.token, scheduleIds[1], 25)));
    const statuses = results.map((result) => result.status);
    expect(statuses.filter((status) => status === 201)).toHaveLength(1);
    expect(statuses.filter((status) => status === 409)).toHaveLength(buyers.length - 1);
    expect(results.filter((result) => result.status === 409).every((result) => (result.body as unknown as ErrorBody).code === 'SEAT_UNAVAILABLE')).toBe(true);
  });

  it('debits a reservation paid ten times at once exactly once', async () => {
    const userId = randomUUID();
    const token = await api.admitted(userId);
    const hold = await api.hold(token, scheduleIds[1], 3);
    expect(hold.status).toBe(201);
    await api.charge(userId, 500_000);
    const attempts = await Promise.all(Array.from({ length: 10 }, () => api.pay(token, hold.body.reservationId)));
    const created = attempts.filter((attempt) => attempt.status === 201);
    expect(created).toHaveLength(1);
    for (const refused of attempts.filter((attempt) => attempt.status !== 201)) {
      expect(['RESERVATION_ALREADY_PAID', 'QUEUE_TOKEN_EXPIRED']).toContain((refused.body as unknown as ErrorBody).code);
    }
    expect((await api.balance(userId)).body.balance).toBe(500_000 - 50_000);
    expect((await api.payments(userId)).body).toHaveLength(1);
  });

  it('refunds a payment that loses the race against the hold running out, and ends every saga cleanly', async () => {
    // Pay holds at staggered moments around their expiry: some payments win (CONFIRMED), some are
    // accepted by payment-service but reach reservation-service after the sweeper expired the hold
    // (refunded in full), some arrive too late (refused, nothing debited). Each must end cleanly.
    // Rounds repeat (on fresh seats) until the refund path has been taken at least once.
    const outcomes: string[] = [];
    for (let round = 0; round < 4 && !outcomes.includes('refunded'); round++) {
      outcomes.push(...(await raceRound(round)));
    }
    expect(outcomes).toContain('refunded');
    expect(outcomes.every((outcome) => ['confirmed', 'refunded', 'refused'].includes(outcome))).toBe(true);

    await assertReconciled(sut.databaseUrl);
  });
});
