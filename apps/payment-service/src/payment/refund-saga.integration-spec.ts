import { randomUUID } from 'node:crypto';
import { ErrorCode, type EventPayload, Topics } from '@concert/contracts';
import { waitFor } from '@concert/testing';
import { inMinutes, PaymentServiceWorld, users } from '../testing/payment-service.fixture';

const PRICE = 120_000;

/**
 * The saga through real Kafka (unique topic prefix): reservation events feed the replica,
 * PaymentCompleted leaves through the outbox, ReservationConfirmationFailed refunds — once, even
 * when delivered more than once. Two instances share the consumer group.
 */
describe('payment saga over Kafka — two instances', () => {
  let world: PaymentServiceWorld;

  beforeAll(async () => {
    world = await PaymentServiceWorld.start({ instances: 2 });
  });

  afterEach(async () => {
    await world.expectMoneyToReconcile();
  });

  afterAll(async () => {
    await world?.stop();
  });

  const reservationRef = (reservationId: string, userId: string, version: number, concertId: string = randomUUID()) => ({
    reservationId,
    userId,
    concertId,
    scheduleId: randomUUID(),
    seatNo: 7,
    version,
  });

  async function replica(reservationId: string): Promise<{ status: string; version: number; amount: number | null } | undefined> {
    const { rows } = await world.sql.query<{ status: string; version: number; amount: number | null }>(
      'SELECT status, version, amount::int AS amount FROM reservation_replicas WHERE id = $1',
      [reservationId],
    );
    return rows[0];
  }

  async function handled(eventId: string): Promise<boolean> {
    const { rows } = await world.sql.query('SELECT 1 FROM inbox WHERE event_id = $1', [eventId]);
    return rows.length === 1;
  }

  async function holdThroughKafka(userId: string, reservationId = randomUUID(), concertId?: string): Promise<string> {
    const eventId = await world.publish(Topics.SeatHeld, reservationId, {
      ...reservationRef(reservationId, userId, 1, concertId),
      price: PRICE,
      expiresAt: inMinutes(5).toISOString(),
    });
    await waitFor(() => handled(eventId), { timeoutMs: 20_000, description: 'SeatHeld to reach the replica' });
    return reservationId;
  }

  it('stores SeatHeld in the replica and publishes PaymentCompleted (key = reservationId, with the queue token id)', async () => {
    const [userId] = users(1) as [string];
    await world.charge(userId, 500_000);
    const reservationId = await holdThroughKafka(userId);
    await expect(replica(reservationId)).resolves.toEqual({ status: 'HELD', version: 1, amount: PRICE });

    const paid = await world.pay(userId, reservationId, { queueTokenId: 'queue-token-42' });
    expect(paid).toMatchObject({ status: 201, body: { reservationId, amount: PRICE } });

    const published = await waitFor(
      async () => {
        const messages = await world.kafka.readAll(Topics.PaymentCompleted);
        const mine = messages.filter((message) => message.key === reservationId);
        return mine.length > 0 ? mine : false;
      },
      { timeoutMs: 20_000, description: 'PaymentCompleted on Kafka' },
    );
    expect(published).toHaveLength(1);
    expect(JSON.parse(published[0]?.value ?? '{}')).toMatchObject({
      eventType: Topics.PaymentCompleted,
      payload: { paymentId: paid.body['paymentId'], reservationId, userId, amount: PRICE, paidAt: paid.body['paidAt'], queueTokenId: 'queue-token-42' },
    });

    // reservation-service confirms: the replica follows.
    const confirmed = await world.publish(Topics.ReservationConfirmed, reservationId, {
      ...reservationRef(reservationId, userId, 2),
      paymentId: String(paid.body['paymentId']),
      confirmedAt: new Date().toISOString(),
    });
    await waitFor(() => handled(confirmed), { timeoutMs: 20_000 });
    await expect(replica(reservationId)).resolves.toMatchObject({ status: 'CONFIRMED', version: 2 });
  });

  it('refunds exactly once when ReservationConfirmationFailed is delivered twice (and once more under another id)', async () => {
    const [userId] = users(1) as [string];
    await world.charge(userId, 500_000);
    const reservationId = await holdThroughKafka(userId);
    const paid = await world.pay(userId, reservationId);
    expect(paid.status).toBe(201);
    await expect(world.balanceOf(userId)).resolves.toBe(500_000 - PRICE);

    const failure: EventPayload<typeof Topics.ReservationConfirmationFailed> = {
      ...reservationRef(reservationId, userId, 2),
      paymentId: String(paid.body['paymentId']),
      reason: 'EXPIRED',
      failedAt: new Date().toISOString(),
    };
    const eventId = randomUUID();
    await world.publish(Topics.ReservationConfirmationFailed, reservationId, failure, eventId);
    await world.publish(Topics.ReservationConfirmationFailed, reservationId, failure, eventId); // redelivery
    const another = await world.publish(Topics.ReservationConfirmationFailed, reservationId, failure); // a second failure notice
    // Same key, same partition: once the last is handled, the two before it were processed too.
    await waitFor(async () => (await handled(eventId)) && (await handled(another)), { timeoutMs: 20_000, description: 'the failures to be handled' });

    await expect(world.balanceOf(userId)).resolves.toBe(500_000);
    await expect(world.call('GET', `/api/v1/payments/${String(paid.body['paymentId'])}`, { userId })).resolves.toMatchObject({
      status: 200,
      body: { status: 'REFUNDED', refundedAt: expect.any(String), amount: PRICE },
    });
    const history = await world.call('GET', `/api/v1/users/${userId}/balance/history`, { userId });
    expect((history.body as unknown as Array<{ type: string; amount: number; balanceAfter: number }>).map(({ type, amount, balanceAfter }) => ({ type, amount, balanceAfter }))).toEqual([
      { type: 'REFUND', amount: PRICE, balanceAfter: 500_000 },
      { type: 'PAYMENT', amount: PRICE, balanceAfter: 500_000 - PRICE },
      { type: 'CHARGE', amount: 500_000, balanceAfter: 500_000 },
    ]);
    // The reservation is dead: paying it again is refused.
    await expect(world.pay(userId, reservationId)).resolves.toMatchObject({ status: 409, body: { code: ErrorCode.RESERVATION_EXPIRED } });

    const refunds = await waitFor(
      async () => {
        const messages = (await world.kafka.readAll(Topics.PaymentRefunded)).filter((message) => message.key === reservationId);
        return messages.length > 0 ? messages : false;
      },
      { timeoutMs: 20_000, description: 'PaymentRefunded on Kafka' },
    );
    expect(refunds).toHaveLength(1);
    expect(JSON.parse(refunds[0]?.value ?? '{}')).toMatchObject({
      payload: { paymentId: paid.body['paymentId'], reservationId, userId, amount: PRICE, reason: 'EXPIRED' },
    });
  });

  it("keeps SeatHeld's concert: a payment with a queue token of another concert's room is refused (403 QUEUE_TOKEN_WRONG_ROOM), nothing debited", async () => {
    const [userId] = users(1) as [string];
    await world.charge(userId, 500_000);
    const concertId = randomUUID();
    const reservationId = await holdThroughKafka(userId, randomUUID(), concertId);
    const { rows } = await world.sql.query('SELECT concert_id FROM reservation_replicas WHERE id = $1', [reservationId]);
    expect(rows).toEqual([{ concert_id: concertId }]);

    await expect(world.pay(userId, reservationId, { queueConcertId: randomUUID() })).resolves.toMatchObject({
      status: 403,
      body: { code: ErrorCode.QUEUE_TOKEN_WRONG_ROOM },
    });

    await expect(world.balanceOf(userId)).resolves.toBe(500_000);
    await expect(replica(reservationId)).resolves.toEqual({ status: 'HELD', version: 1, amount: PRICE });
    const { rows: payments } = await world.sql.query('SELECT id FROM payments WHERE reservation_id = $1', [reservationId]);
    expect(payments).toEqual([]);
    await expect(world.pay(userId, reservationId, { queueConcertId: concertId })).resolves.toMatchObject({ status: 201 });
  });

  it('never lets an older event overwrite a newer state: SeatHeld after HoldCancelled leaves it cancelled', async () => {
    const [userId] = users(1) as [string];
    await world.charge(userId, 500_000);
    const reservationId = randomUUID();
    const cancelled = await world.publish(Topics.HoldCancelled, reservationId, { ...reservationRef(reservationId, userId, 2), cancelledAt: new Date().toISOString() });
    await waitFor(() => handled(cancelled), { timeoutMs: 20_000 });
    await holdThroughKafka(userId, reservationId);

    await expect(replica(reservationId)).resolves.toEqual({ status: 'CANCELLED', version: 2, amount: null });
    await expect(world.pay(userId, reservationId)).resolves.toMatchObject({ status: 409, body: { code: ErrorCode.RESERVATION_EXPIRED } });
    await expect(world.balanceOf(userId)).resolves.toBe(500_000);
  });

  it('refuses a hold that expired (HoldExpired) with 409 RESERVATION_EXPIRED', async () => {
    const [userId] = users(1) as [string];
    await world.charge(userId, 500_000);
    const reservationId = await holdThroughKafka(userId);
    const expired = await world.publish(Topics.HoldExpired, reservationId, { ...reservationRef(reservationId, userId, 2), expiredAt: new Date().toISOString() });
    await waitFor(() => handled(expired), { timeoutMs: 20_000 });

    await expect(world.pay(userId, reservationId)).resolves.toMatchObject({ status: 409, body: { code: ErrorCode.RESERVATION_EXPIRED } });
    await expect(world.balanceOf(userId)).resolves.toBe(500_000);
  });
});
