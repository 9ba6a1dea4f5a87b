import { randomUUID } from 'node:crypto';
import { ErrorCode, Topics } from '@concert/contracts';
import { assertionHeaders, waitFor } from '@concert/testing';
import { ReservationServiceWorld, seatsOneTo, ShiftedClock, users } from '../testing/reservation-service.fixture';

type Envelope = { eventId: string; payload: Record<string, unknown> & { reservationId: string; version: number } };

/**
 * Errors, cancel, expiry and payment confirmation through HTTP and Kafka, two instances. Time is
 * a clock shared by both instances that the test moves forward, so a 300 s hold runs out at once.
 */
describe('reservation lifecycle, two instances', () => {
  const clock = new ShiftedClock();
  let world: ReservationServiceWorld;
  let scheduleId: string;

  beforeAll(async () => {
    world = await ReservationServiceWorld.start({ instances: 2, clock, env: { RESERVATION_HOLD_SECONDS: '300' } });
    // Seats 1..40 only: 41..50 are valid numbers the schedule lacks.
    ({ scheduleId } = await world.publishSchedule(seatsOneTo(40, 90_000).map((seat) => (seat.seatNo === 7 ? { ...seat, price: 150_000 } : seat))));
  });

  afterAll(async () => {
    await world?.stop();
  });

  async function eventsOf(topic: string, reservationId: string): Promise<Envelope[]> {
    const messages = await world.kafka.readAll(topic, { idleMs: 300 });
    return messages.map((message) => JSON.parse(message.value ?? '{}') as Envelope).filter((envelope) => envelope.payload.reservationId === reservationId);
  }

  describe('refusals, in the contract order', () => {
    it('answers 401 AUTH_REQUIRED without a signed-in caller, before validating the body', async () => {
      const body = { scheduleId, seatNo: 0 };
      const userId = randomUUID();

      // No assertion (a bare x-user-id is not believed), or a genuine one that acts for nobody.
      await expect(world.call('POST', '/api/v1/reservations', { body, unasserted: true })).resolves.toMatchObject({ status: 401, body: { code: ErrorCode.AUTH_REQUIRED } });
      await expect(world.call('POST', '/api/v1/reservations', { body, unasserted: true, headers: { 'x-user-id': userId } })).resolves.toMatchObject({
        status: 401,
        body: { code: ErrorCode.AUTH_REQUIRED },
      });
      await expect(world.call('POST', '/api/v1/reservations', { body })).resolves.toMatchObject({ status: 401, body: { code: ErrorCode.AUTH_REQUIRED } });
      await expect(world.call('DELETE', `/api/v1/reservations/${randomUUID()}`)).resolves.toMatchObject({ status: 401, body: { code: ErrorCode.AUTH_REQUIRED } });
      await expect(world.call('GET', `/api/v1/reservations/${randomUUID()}`, { unasserted: true })).resolves.toMatchObject({ status: 401, body: { code: ErrorCode.AUTH_REQUIRED } });
    });

    it('answers 401 AUTH_INVALID for a forged, expired-format or misdirected assertion', async () => {
      const userId = randomUUID();
      const body = { scheduleId, seatNo: 7 };
      const attempts: Array<Record<string, string>> = [
        assertionHeaders('POST', '/api/v1/reservations', userId, null, 'not-the-internal-assertion-key'),
        assertionHeaders('GET', '/api/v1/reservations', userId),
        assertionHeaders('POST', `/api/v1/users/${userId}/reservations`, userId),
        { 'x-caller-assertion': 'ca1.e30.AAAA' },
      ];
      for (const headers of attempts) {
        await expect(world.call('POST', '/api/v1/reservations', { body, unasserted: true, headers })).resolves.toMatchObject({ status: 401, body: { code: ErrorCode.AUTH_INVALID } });
      }
      const { rows } = await world.sql.query<{ count: number }>('SELECT count(*)::int AS count FROM reservations WHERE user_id = $1', [userId]);
      expect(rows[0]?.count).toBe(0);
    });

    it.each([
      ['seat 0', { seatNo: 0 }],
      ['seat 51', { seatNo: 51 }],
      ['seat as text', { seatNo: '7' }],
      ['missing seat', { seatNo: undefined }],
      ['unknown field', { seatNo: 7, extra: true }],
      ['malformed schedule id', { scheduleId: 'nope', seatNo: 7 }],
    ])('answers 400 VALIDATION_FAILED for %s', async (_, fields) => {
      const answer = await world.call('POST', '/api/v1/reservations', { userId: randomUUID(), body: { scheduleId, ...fields } });

      expect(answer).toMatchObject({ status: 400, body: { code: ErrorCode.VALIDATION_FAILED } });
    });

    it('answers 404 SCHEDULE_NOT_FOUND, SEAT_NOT_FOUND and RESERVATION_NOT_FOUND', async () => {
      await expect(world.hold(randomUUID(), randomUUID(), 7)).resolves.toMatchObject({ status: 404, body: { code: ErrorCode.SCHEDULE_NOT_FOUND } });
      await expect(world.hold(randomUUID(), scheduleId, 45)).resolves.toMatchObject({ status: 404, body: { code: ErrorCode.SEAT_NOT_FOUND } });
      await expect(world.call('GET', `/api/v1/reservations/${randomUUID()}`, { userId: randomUUID() })).resolves.toMatchObject({
        status: 404,
        body: { code: ErrorCode.RESERVATION_NOT_FOUND },
      });
      await expect(world.call('DELETE', `/api/v1/reservations/${randomUUID()}`, { userId: randomUUID() })).resolves.toMatchObject({
        status: 404,
        body: { code: ErrorCode.RESERVATION_NOT_FOUND },
      });
      await expect(world.call('GET', '/api/v1/reservations/not-a-uuid', { userId: randomUUID() })).resolves.toMatchObject({ status: 400 });
    });
  });

  it('answers 409 SCHEDULE_CLOSED for a seat of a schedule that has started', async () => {
    const started = await world.publishSchedule(seatsOneTo(5, 90_000), '2020-01-01T19:00:00+09:00');

    const answer = await world.hold(randomUUID(), started.scheduleId, 1);

    expect(answer).toMatchObject({ status: 409, body: { code: ErrorCode.SCHEDULE_CLOSED } });
    const { rows } = await world.sql.query<{ count: number }>('SELECT count(*)::int AS count FROM reservations WHERE schedule_id = $1', [started.scheduleId]);
    expect(rows[0]?.count).toBe(0);
  });

  it('holds at the catalog price, reads it back on either instance, and refuses the same seat to its holder', async () => {
    const [userId, stranger] = users(2) as [string, string];

    const held = await world.hold(userId, scheduleId, 7, 0);

    expect(held.status).toBe(201);
    expect(held.body).toMatchObject({ userId, scheduleId, seatNo: 7, price: 150_000, status: 'HELD' });
    const expiresIn = Date.parse(String(held.body['expiresAt'])) - clock.now().getTime();
    expect(expiresIn).toBeGreaterThan(295_000);
    expect(expiresIn).toBeLessThanOrEqual(300_000);
    await expect(world.call('GET', `/api/v1/reservations/${String(held.body['reservationId'])}`, { userId, instance: 1 })).resolves.toEqual({
      status: 200,
      body: held.body,
    });
    // Another user's reservation reads as if it did not exist; the owner is the caller, in either case of the id.
    await expect(world.call('GET', `/api/v1/reservations/${String(held.body['reservationId'])}`, { userId: stranger })).resolves.toMatchObject({
      status: 404,
      body: { code: ErrorCode.RESERVATION_NOT_FOUND },
    });
    await expect(world.call('GET', `/api/v1/reservations/${String(held.body['reservationId'])}`)).resolves.toMatchObject({
      status: 401,
      body: { code: ErrorCode.AUTH_REQUIRED },
    });
    await expect(world.call('GET', `/internal/reservations/${String(held.body['reservationId'])}`)).resolves.toMatchObject({
      status: 200,
      body: { ...held.body, version: 1, paymentId: null },
    });
    await expect(world.hold(userId, scheduleId, 7, 1)).resolves.toMatchObject({ status: 409, body: { code: ErrorCode.SEAT_UNAVAILABLE } });
  });

  it('lists a user’s reservations newest first, to that user only', async () => {
    const [userId, stranger] = users(2) as [string, string];
    const first = await world.hold(userId, scheduleId, 2);
    clock.advanceSeconds(1);
    const second = await world.hold(userId, scheduleId, 3);

    const list = await world.call('GET', `/api/v1/users/${userId}/reservations`, { userId });

    expect(list.status).toBe(200);
    expect((list.body as unknown as Array<{ reservationId: string }>).map((item) => item.reservationId)).toEqual([
      second.body['reservationId'],
      first.body['reservationId'],
    ]);
    await expect(world.call('GET', `/api/v1/users/${stranger}/reservations`, { userId: stranger })).resolves.toEqual({ status: 200, body: [] });
    const newest = await world.call('GET', `/api/v1/users/${userId}/reservations?limit=1`, { userId });
    expect((newest.body as unknown as Array<{ reservationId: string }>).map((item) => item.reservationId)).toEqual([second.body['reservationId']]);
    await expect(world.call('GET', `/api/v1/users/${userId.toUpperCase()}/reservations?limit=1`, { userId })).resolves.toMatchObject({ status: 200 });
    await expect(world.call('GET', `/api/v1/users/${userId}/reservations?limit=0`, { userId })).resolves.toMatchObject({ status: 400 });
    // The path names another user than the caller: 403, whoever asks; nobody signed in: 401.
    await expect(world.call('GET', `/api/v1/users/${userId}/reservations`, { userId: stranger })).resolves.toMatchObject({
      status: 403,
      body: { code: ErrorCode.USER_MISMATCH },
    });
    await expect(world.call('GET', `/api/v1/users/${userId}/reservations`)).resolves.toMatchObject({ status: 401, body: { code: ErrorCode.AUTH_REQUIRED } });
  });

  it('lets only the owner cancel, once; the seat is free again and HoldCancelled goes out once', async () => {
    const [owner, stranger, next] = users(3) as [string, string, string];
    const held = await world.hold(owner, scheduleId, 4);
    const reservationId = String(held.body['reservationId']);

    await expect(world.call('DELETE', `/api/v1/reservations/${reservationId}`, { userId: stranger })).resolves.toMatchObject({
      status: 403,
      body: { code: ErrorCode.RESERVATION_NOT_OWNED },
    });
    const cancelled = await world.call('DELETE', `/api/v1/reservations/${reservationId}`, { userId: owner });
    expect(cancelled).toMatchObject({ status: 200, body: { reservationId, status: 'CANCELLED' } });
    await expect(world.call('DELETE', `/api/v1/reservations/${reservationId}`, { userId: owner })).resolves.toMatchObject({
      status: 409,
      body: { code: ErrorCode.RESERVATION_NOT_HELD },
    });
    await expect(world.hold(next, scheduleId, 4)).resolves.toMatchObject({ status: 201 });

    const events = await waitFor(async () => {
      const found = await eventsOf(Topics.HoldCancelled, reservationId);
      return found.length > 0 && found;
    });
    expect(events).toHaveLength(1);
    expect(events[0]?.payload).toMatchObject({ reservationId, userId: owner, seatNo: 4, version: 2 });
  });

  it('frees an expired seat at once: 50 users race for it as it runs out, exactly one gets it, the old hold expires once', async () => {
    const [first] = users(1) as [string];
    const held = await world.hold(first, scheduleId, 9);
    const oldId = String(held.body['reservationId']);

    clock.advanceSeconds(300);
    const [answers, read] = await Promise.all([Promise.all(users(50).map((userId) => world.hold(userId, scheduleId, 9))), world.call('GET', `/api/v1/reservations/${oldId}`, { userId: first })]);

    expect(read.body['status']).toBe('EXPIRED');
    expect(answers.filter((answer) => answer.status === 201)).toHaveLength(1);
    expect(answers.filter((answer) => answer.status === 409 && answer.body.code === ErrorCode.SEAT_UNAVAILABLE)).toHaveLength(49);
    const { rows } = await world.sql.query<{ id: string; status: string; version: number }>(
      `SELECT id, status, version FROM reservations WHERE schedule_id = $1 AND seat_no = 9 ORDER BY created_at`,
      [scheduleId],
    );
    expect(rows.map((row) => [row.id === oldId, row.status, row.version])).toEqual([
      [true, 'EXPIRED', 2],
      [false, 'HELD', 1],
    ]);
    const expired = await waitFor(async () => {
      const found = await eventsOf(Topics.HoldExpired, oldId);
      return found.length > 0 && found;
    });
    expect(expired).toHaveLength(1);
    expect(expired[0]?.payload).toMatchObject({ version: 2, seatNo: 9, expiredAt: held.body['expiresAt'] });
  });

  describe('payment confirmation (payment.completed consumer)', () => {
    it('confirms a HELD reservation paid in time, once, and announces ReservationConfirmed', async () => {
      const [userId] = users(1) as [string];
      const held = await world.hold(userId, scheduleId, 20);
      const reservationId = String(held.body['reservationId']);
      const paymentId = randomUUID();
      const payment = { paymentId, reservationId, userId, amount: 90_000, paidAt: clock.now().toISOString(), queueTokenId: 'tok-1' };

      const eventId = await world.publish(Topics.PaymentCompleted, reservationId, payment);
      await waitFor(async () => (await world.call('GET', `/api/v1/reservations/${reservationId}`, { userId })).body['status'] === 'CONFIRMED');
      // The same event again (a redelivery) and a second, different payment.
      await world.publish(Topics.PaymentCompleted, reservationId, payment, eventId);
      const secondPaymentId = randomUUID();
      await world.publish(Topics.PaymentCompleted, reservationId, { ...payment, paymentId: secondPaymentId });

      const failed = await waitFor(async () => {
        const found = await eventsOf(Topics.ReservationConfirmationFailed, reservationId);
        return found.length > 0 && found;
      });
      expect(failed.map((envelope) => [envelope.payload['paymentId'], envelope.payload['reason']])).toEqual([[secondPaymentId, 'ALREADY_CONFIRMED']]);
      const confirmed = await eventsOf(Topics.ReservationConfirmed, reservationId);
      expect(confirmed).toHaveLength(1);
      expect(confirmed[0]?.payload).toMatchObject({ paymentId, version: 2, seatNo: 20 });
      await expect(world.call('GET', `/internal/reservations/${reservationId}`)).resolves.toMatchObject({
        body: { status: 'CONFIRMED', version: 2, paymentId },
      });
      // Sold: nobody holds it, even long after the hold time.
      clock.advanceSeconds(600);
      await expect(world.hold(randomUUID(), scheduleId, 20)).resolves.toMatchObject({ status: 409, body: { code: ErrorCode.SEAT_UNAVAILABLE } });
    });

    it('answers a payment made after the hold ran out with ReservationConfirmationFailed{EXPIRED}', async () => {
      const [userId] = users(1) as [string];
      const held = await world.hold(userId, scheduleId, 21);
      const reservationId = String(held.body['reservationId']);
      const expiresAt = Date.parse(String(held.body['expiresAt']));
      clock.advanceSeconds(301);
      const paidAt = new Date(expiresAt + 500).toISOString();

      await world.publish(Topics.PaymentCompleted, reservationId, { paymentId: randomUUID(), reservationId, userId, amount: 90_000, paidAt, queueTokenId: null });

      const failed = await waitFor(async () => {
        const found = await eventsOf(Topics.ReservationConfirmationFailed, reservationId);
        return found.length > 0 && found;
      });
      expect(failed).toHaveLength(1);
      expect(failed[0]?.payload).toMatchObject({ reason: 'EXPIRED', version: 2 });
      await expect(world.call('GET', `/internal/reservations/${reservationId}`)).resolves.toMatchObject({ body: { status: 'EXPIRED', version: 2 } });
      expect(await eventsOf(Topics.ReservationConfirmed, reservationId)).toEqual([]);
    });
  });
});
