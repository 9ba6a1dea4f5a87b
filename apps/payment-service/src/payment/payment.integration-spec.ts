import { randomUUID } from 'node:crypto';
import { ErrorCode, Topics } from '@concert/contracts';
import { assertionHeaders } from '@concert/testing';
import { deadUrl, inMinutes, PaymentServiceWorld, ReservationServiceStub, users } from '../testing/payment-service.fixture';

const PRICE = 80_000;

/** Payments under real concurrency: two instances on one fresh database, requests fired at once over both. */
describe('payments — two instances', () => {
  let world: PaymentServiceWorld;
  let stub: ReservationServiceStub;

  beforeAll(async () => {
    stub = await ReservationServiceStub.start();
    // The first URL is dead: the round robin must pass to the live instance.
    world = await PaymentServiceWorld.start({ instances: 2, env: { RESERVATION_SERVICE_URLS: `${await deadUrl()},${stub.baseUrl}` } });
  });

  afterEach(async () => {
    await world.expectMoneyToReconcile();
  });

  afterAll(async () => {
    await world?.stop();
    await stub?.stop();
  });

  async function funded(amount: number): Promise<string> {
    const [userId] = users(1) as [string];
    if (amount > 0) await expect(world.charge(userId, amount)).resolves.toMatchObject({ status: 200 });
    return userId;
  }

  async function held(
    userId: string,
    overrides: { concertId?: string | null; amount?: number; expiresAt?: Date; status?: 'HELD' | 'EXPIRED' | 'CANCELLED' } = {},
  ): Promise<string> {
    const id = randomUUID();
    await world.insertReplica({
      id,
      userId,
      concertId: overrides.concertId,
      amount: overrides.amount ?? PRICE,
      expiresAt: overrides.expiresAt ?? inMinutes(5),
      status: overrides.status,
    });
    return id;
  }

  /** What a refused payment must leave untouched: balance, payments, ledger, the replica's state, the outbox. */
  async function expectNothingPaid(userId: string, reservationId: string, balance: number): Promise<void> {
    await expect(world.balanceOf(userId)).resolves.toBe(balance);
    const { rows: payments } = await world.sql.query('SELECT id FROM payments WHERE reservation_id = $1 OR user_id = $2', [reservationId, userId]);
    expect(payments).toEqual([]);
    const { rows: debits } = await world.sql.query("SELECT id FROM ledger WHERE user_id = $1 AND type = 'PAYMENT'", [userId]);
    expect(debits).toEqual([]);
    const { rows: replicas } = await world.sql.query<{ status: string }>('SELECT status FROM reservation_replicas WHERE id = $1', [reservationId]);
    expect(replicas).toEqual([{ status: 'HELD' }]);
    await expect(outboxEvents(Topics.PaymentCompleted, reservationId)).resolves.toEqual([]);
  }

  async function outboxEvents(topic: string, key: string): Promise<Array<{ payload: Record<string, unknown> }>> {
    const { rows } = await world.sql.query<{ payload: Record<string, unknown> }>('SELECT payload FROM outbox WHERE topic = $1 AND message_key = $2', [topic, key]);
    return rows;
  }

  it('debits once when 10 payments of one reservation arrive at once over both instances', async () => {
    const userId = await funded(1_000_000);
    const reservationId = await held(userId);

    const answers = await Promise.all(Array.from({ length: 10 }, () => world.pay(userId, reservationId)));

    const paid = answers.filter((answer) => answer.status === 201);
    expect(paid).toHaveLength(1);
    expect(answers.filter((answer) => answer.status === 409 && answer.body.code === ErrorCode.RESERVATION_ALREADY_PAID)).toHaveLength(9);
    expect(paid[0]?.body).toEqual({
      paymentId: expect.any(String),
      reservationId,
      userId,
      amount: PRICE,
      status: 'COMPLETED',
      paidAt: expect.any(String),
    });
    await expect(world.balanceOf(userId)).resolves.toBe(1_000_000 - PRICE);
    const { rows } = await world.sql.query('SELECT id FROM payments WHERE reservation_id = $1', [reservationId]);
    expect(rows).toHaveLength(1);
    const events = await outboxEvents(Topics.PaymentCompleted, reservationId);
    expect(events).toEqual([
      {
        payload: {
          paymentId: paid[0]?.body['paymentId'],
          reservationId,
          userId,
          amount: PRICE,
          paidAt: paid[0]?.body['paidAt'],
          queueTokenId: `token-${userId}`,
        },
      },
    ]);
  });

  it.each([
    ['to exactly 0', 0],
    ['leaving the remainder', 12_345],
  ])('lets a wallet funding 30 of 50 concurrent payments pay exactly 30, %s', async (_, remainder) => {
    const userId = await funded(30 * PRICE + remainder);
    const reservationIds: string[] = [];
    for (let i = 0; i < 50; i++) reservationIds.push(await held(userId));

    const answers = await Promise.all(reservationIds.map((reservationId) => world.pay(userId, reservationId)));

    expect(answers.filter((answer) => answer.status === 201)).toHaveLength(30);
    const refused = answers.filter((answer) => answer.status === 409 && answer.body.code === ErrorCode.INSUFFICIENT_BALANCE);
    expect(refused).toHaveLength(20);
    await expect(world.balanceOf(userId)).resolves.toBe(remainder);
    // The refused holds are untouched: still HELD and payable once the user charges again.
    const { rows } = await world.sql.query<{ status: string; n: number }>(
      `SELECT status, count(*)::int AS n FROM reservation_replicas WHERE id = ANY($1::uuid[]) GROUP BY status ORDER BY status`,
      [reservationIds],
    );
    expect(rows).toEqual([
      { status: 'HELD', n: 20 },
      { status: 'PAID', n: 30 },
    ]);
  });

  it('pays once for 10 concurrent retries with one Idempotency-Key; the others replay it or get 409', async () => {
    const userId = await funded(200_000);
    const reservationId = await held(userId);
    const key = randomUUID();

    const answers = await Promise.all(Array.from({ length: 10 }, () => world.pay(userId, reservationId, { idempotencyKey: key })));

    const created = answers.filter((answer) => answer.status === 201);
    expect(created.length + answers.filter((answer) => answer.status === 409 && answer.body.code === ErrorCode.IDEMPOTENCY_KEY_IN_PROGRESS).length).toBe(10);
    expect(new Set(created.map((answer) => answer.body['paymentId'])).size).toBe(1);
    await expect(world.balanceOf(userId)).resolves.toBe(200_000 - PRICE);
    const replay = await world.pay(userId, reservationId, { idempotencyKey: key });
    expect(replay).toMatchObject({ status: 201, body: created[0]?.body });
    expect(replay.headers['idempotent-replayed']).toBe('true');
    await expect(world.pay(userId, await held(userId), { idempotencyKey: key })).resolves.toMatchObject({
      status: 422,
      body: { code: ErrorCode.IDEMPOTENCY_KEY_REUSED },
    });
    await expect(world.balanceOf(userId)).resolves.toBe(200_000 - PRICE);
  });

  describe('refusals', () => {
    it('401 AUTH_REQUIRED without a signed-in caller, before validating the body', async () => {
      const body = { reservationId: 'nope' };
      // No assertion (a bare x-user-id is not believed), or a genuine one that acts for nobody.
      await expect(world.call('POST', '/api/v1/payments', { body, unasserted: true })).resolves.toMatchObject({ status: 401, body: { code: ErrorCode.AUTH_REQUIRED } });
      await expect(world.call('POST', '/api/v1/payments', { body, unasserted: true, headers: { 'x-user-id': randomUUID() } })).resolves.toMatchObject({
        status: 401,
        body: { code: ErrorCode.AUTH_REQUIRED },
      });
      await expect(world.call('POST', '/api/v1/payments', { body })).resolves.toMatchObject({ status: 401, body: { code: ErrorCode.AUTH_REQUIRED } });
    });

    it('401 AUTH_INVALID for a forged assertion or one made for another request, and nothing is paid', async () => {
      const userId = await funded(100_000);
      const reservationId = await held(userId);
      const body = { reservationId };
      for (const headers of [
        assertionHeaders('POST', '/api/v1/payments', userId, null, 'not-the-internal-assertion-key'),
        assertionHeaders('GET', '/api/v1/payments', userId),
        assertionHeaders('POST', `/api/v1/users/${userId}/balance/charge`, userId),
      ]) {
        await expect(world.call('POST', '/api/v1/payments', { body, unasserted: true, headers })).resolves.toMatchObject({ status: 401, body: { code: ErrorCode.AUTH_INVALID } });
      }
      await expect(world.balanceOf(userId)).resolves.toBe(100_000);
    });

    it('400 VALIDATION_FAILED for a malformed reservation id or unknown field', async () => {
      const userId = await funded(0);
      await expect(world.pay(userId, 'not-a-uuid')).resolves.toMatchObject({ status: 400, body: { code: ErrorCode.VALIDATION_FAILED } });
      await expect(world.call('POST', '/api/v1/payments', { userId, body: { reservationId: randomUUID(), amount: 1 } })).resolves.toMatchObject({
        status: 400,
        body: { code: ErrorCode.VALIDATION_FAILED },
      });
    });

    it('404 RESERVATION_NOT_FOUND when neither the replica nor reservation-service knows it', async () => {
      const userId = await funded(100_000);
      await expect(world.pay(userId, randomUUID())).resolves.toMatchObject({ status: 404, body: { code: ErrorCode.RESERVATION_NOT_FOUND } });
      await expect(world.balanceOf(userId)).resolves.toBe(100_000);
    });

    it("403 RESERVATION_NOT_OWNED for another user's reservation", async () => {
      const userId = await funded(100_000);
      const reservationId = await held(randomUUID());
      await expect(world.pay(userId, reservationId)).resolves.toMatchObject({ status: 403, body: { code: ErrorCode.RESERVATION_NOT_OWNED } });
      await expect(world.balanceOf(userId)).resolves.toBe(100_000);
    });

    it("403 QUEUE_TOKEN_WRONG_ROOM with a queue token of another concert's room: nothing debited, no payment, the hold stays payable", async () => {
      const userId = await funded(100_000);
      const concertId = randomUUID();
      const reservationId = await held(userId, { concertId });

      const refused = await world.pay(userId, reservationId, { queueConcertId: randomUUID(), idempotencyKey: randomUUID() });

      expect(refused).toMatchObject({ status: 403, body: { statusCode: 403, code: ErrorCode.QUEUE_TOKEN_WRONG_ROOM, requestId: expect.any(String) } });
      await expectNothingPaid(userId, reservationId, 100_000);
      const { rows } = await world.sql.query('SELECT 1 FROM idempotency_keys WHERE user_id = $1', [userId]);
      expect(rows).toHaveLength(0);
      await expect(world.pay(userId, reservationId, { queueConcertId: concertId.toUpperCase() })).resolves.toMatchObject({ status: 201, body: { reservationId } });
      await expect(world.balanceOf(userId)).resolves.toBe(100_000 - PRICE);
    });

    it('answers 404 before the room and the room before ownership', async () => {
      const userId = await funded(100_000);
      const othersReservation = await held(randomUUID());
      const wrongRoom = { queueConcertId: randomUUID() };

      await expect(world.pay(userId, randomUUID(), wrongRoom)).resolves.toMatchObject({ status: 404, body: { code: ErrorCode.RESERVATION_NOT_FOUND } });
      await expect(world.pay(userId, othersReservation, wrongRoom)).resolves.toMatchObject({ status: 403, body: { code: ErrorCode.QUEUE_TOKEN_WRONG_ROOM } });
      await expect(world.balanceOf(userId)).resolves.toBe(100_000);
    });

    it('checks no room for a replica stored before its concert was kept', async () => {
      const userId = await funded(100_000);
      const reservationId = await held(userId, { concertId: null });

      await expect(world.pay(userId, reservationId, { queueConcertId: randomUUID() })).resolves.toMatchObject({ status: 201 });
    });

    it('409 RESERVATION_EXPIRED for a hold past its expiry, expired or cancelled', async () => {
      const userId = await funded(500_000);
      for (const reservationId of [
        await held(userId, { expiresAt: new Date(Date.now() - 1) }),
        await held(userId, { status: 'EXPIRED' }),
        await held(userId, { status: 'CANCELLED' }),
      ]) {
        await expect(world.pay(userId, reservationId)).resolves.toMatchObject({ status: 409, body: { code: ErrorCode.RESERVATION_EXPIRED } });
      }
      await expect(world.balanceOf(userId)).resolves.toBe(500_000);
    });

    it('409 INSUFFICIENT_BALANCE debits nothing and leaves the hold payable', async () => {
      const userId = await funded(PRICE - 1);
      const reservationId = await held(userId);
      await expect(world.pay(userId, reservationId)).resolves.toMatchObject({ status: 409, body: { code: ErrorCode.INSUFFICIENT_BALANCE } });
      await expect(world.balanceOf(userId)).resolves.toBe(PRICE - 1);
      await world.charge(userId, 1);
      await expect(world.pay(userId, reservationId)).resolves.toMatchObject({ status: 201 });
      await expect(world.balanceOf(userId)).resolves.toBe(0);
    });
  });

  describe('a reservation the replica has not heard of yet', () => {
    it('is verified synchronously with reservation-service, stored, and paid', async () => {
      const userId = await funded(100_000);
      const reservationId = randomUUID();
      stub.hold({ reservationId, userId, price: PRICE, expiresAt: inMinutes(5) });
      const callsBefore = stub.calls;

      await expect(world.pay(userId, reservationId)).resolves.toMatchObject({ status: 201, body: { reservationId, amount: PRICE, status: 'COMPLETED' } });

      expect(stub.calls).toBe(callsBefore + 1);
      // Asked as payment-service itself (for nobody), with an assertion made for that one request.
      expect(stub.refused).toBe(0);
      expect(stub.assertions.at(-1)).toMatchObject({ sub: null, qtid: null, iss: 'payment-service', m: 'GET', p: `/internal/reservations/${reservationId}` });
      const { rows } = await world.sql.query('SELECT user_id, amount::int, status, version FROM reservation_replicas WHERE id = $1', [reservationId]);
      expect(rows).toEqual([{ user_id: userId, amount: PRICE, status: 'PAID', version: 1 }]);
      await expect(world.balanceOf(userId)).resolves.toBe(100_000 - PRICE);
    });

    it("is stored with its concert, and refused with 403 QUEUE_TOKEN_WRONG_ROOM for another concert's token, nothing debited", async () => {
      const userId = await funded(100_000);
      const reservationId = randomUUID();
      const concertId = randomUUID();
      stub.hold({ reservationId, userId, concertId, price: PRICE, expiresAt: inMinutes(5) });

      await expect(world.pay(userId, reservationId, { queueConcertId: randomUUID() })).resolves.toMatchObject({
        status: 403,
        body: { code: ErrorCode.QUEUE_TOKEN_WRONG_ROOM },
      });

      const { rows } = await world.sql.query('SELECT concert_id, status FROM reservation_replicas WHERE id = $1', [reservationId]);
      expect(rows).toEqual([{ concert_id: concertId, status: 'HELD' }]);
      await expectNothingPaid(userId, reservationId, 100_000);
      await expect(world.pay(userId, reservationId, { queueConcertId: concertId })).resolves.toMatchObject({ status: 201 });
    });

    it('is refused with what reservation-service says (not owned, expired)', async () => {
      const userId = await funded(100_000);
      const othersReservation = randomUUID();
      stub.hold({ reservationId: othersReservation, userId: randomUUID(), price: PRICE, expiresAt: inMinutes(5) });
      const expired = randomUUID();
      stub.hold({ reservationId: expired, userId, price: PRICE, expiresAt: inMinutes(-1), status: 'EXPIRED', version: 2 });
      await expect(world.pay(userId, othersReservation)).resolves.toMatchObject({ status: 403, body: { code: ErrorCode.RESERVATION_NOT_OWNED } });
      await expect(world.pay(userId, expired)).resolves.toMatchObject({ status: 409, body: { code: ErrorCode.RESERVATION_EXPIRED } });
    });

    it('is never paid blind: 503 SERVICE_UNAVAILABLE when no reservation-service answers, and a retry with the key runs again', async () => {
      const userId = await funded(100_000);
      const reservationId = randomUUID();
      const key = randomUUID();
      stub.hold({ reservationId, userId, price: PRICE, expiresAt: inMinutes(5) });
      stub.down = true;
      try {
        await expect(world.pay(userId, reservationId, { idempotencyKey: key })).resolves.toMatchObject({
          status: 503,
          body: { statusCode: 503, code: ErrorCode.SERVICE_UNAVAILABLE },
        });
      } finally {
        stub.down = false;
      }
      await expect(world.balanceOf(userId)).resolves.toBe(100_000);
      const { rows } = await world.sql.query('SELECT 1 FROM idempotency_keys WHERE user_id = $1', [userId]);
      expect(rows).toHaveLength(0);
      await expect(world.pay(userId, reservationId, { idempotencyKey: key })).resolves.toMatchObject({ status: 201, body: { reservationId } });
    });
  });

  describe('reading payments', () => {
    it('finds a payment by id and lists a user’s payments newest first', async () => {
      const userId = await funded(1_000_000);
      const stranger = randomUUID();
      const first = await world.pay(userId, await held(userId));
      const second = await world.pay(userId, await held(userId, { amount: 50_000 }));

      await expect(world.call('GET', `/api/v1/payments/${String(first.body['paymentId'])}`, { userId })).resolves.toEqual(expect.objectContaining({ status: 200, body: first.body }));
      // Another user's payment reads as if it did not exist, and another user's list is not theirs to read.
      await expect(world.call('GET', `/api/v1/payments/${String(first.body['paymentId'])}`, { userId: stranger })).resolves.toMatchObject({
        status: 404,
        body: { code: ErrorCode.PAYMENT_NOT_FOUND },
      });
      await expect(world.call('GET', `/api/v1/payments/${String(first.body['paymentId'])}`)).resolves.toMatchObject({ status: 401, body: { code: ErrorCode.AUTH_REQUIRED } });
      await expect(world.call('GET', `/api/v1/users/${userId}/payments`, { userId: stranger })).resolves.toMatchObject({ status: 403, body: { code: ErrorCode.USER_MISMATCH } });
      await expect(world.call('GET', `/api/v1/users/${stranger}/payments`, { userId: stranger })).resolves.toEqual(expect.objectContaining({ status: 200, body: [] }));
      const list = await world.call('GET', `/api/v1/users/${userId}/payments`, { userId });
      expect(list.status).toBe(200);
      expect(list.body).toEqual([second.body, first.body]);
      const history = await world.call('GET', `/api/v1/users/${userId}/balance/history`, { userId });
      const entries = history.body as unknown as Array<{ at: string }>;
      expect(entries).toEqual([
        { type: 'PAYMENT', amount: 50_000, balanceAfter: 870_000, at: expect.any(String) },
        { type: 'PAYMENT', amount: PRICE, balanceAfter: 920_000, at: expect.any(String) },
        { type: 'CHARGE', amount: 1_000_000, balanceAfter: 1_000_000, at: expect.any(String) },
      ]);
      // A PAYMENT entry is stamped when the balance changed: with its payment's paidAt or just after.
      const lag = (entry: { at: string } | undefined, paid: { body: Record<string, unknown> }) => Date.parse(String(entry?.at)) - Date.parse(String(paid.body['paidAt']));
      expect([lag(entries[0], second), lag(entries[1], first)].every((ms) => ms >= 0 && ms < 1_000)).toBe(true);
    });

    it('404 PAYMENT_NOT_FOUND for an unknown id, 400 for a malformed one', async () => {
      const userId = randomUUID();
      await expect(world.call('GET', `/api/v1/payments/${randomUUID()}`, { userId })).resolves.toMatchObject({ status: 404, body: { code: ErrorCode.PAYMENT_NOT_FOUND } });
      await expect(world.call('GET', '/api/v1/payments/nope', { userId })).resolves.toMatchObject({ status: 400, body: { code: ErrorCode.VALIDATION_FAILED } });
    });
  });

  it('reports health (postgres, kafka) and metrics (payments by outcome, charges)', async () => {
    await expect(world.call('GET', '/health', { unasserted: true })).resolves.toMatchObject({ status: 200, body: { status: 'ok', info: { postgres: { status: 'up' }, kafka: { status: 'up' } } } });
    const instance = world.instances[0];
    const metrics = await fetch(`${instance?.baseUrl ?? ''}/metrics`).then((response) => response.text());
    expect(metrics).toMatch(/payment_payments_total\{outcome="COMPLETED"[^}]*\} \d+/);
    expect(metrics).toMatch(/payment_payments_total\{outcome="INSUFFICIENT_BALANCE"[^}]*\} \d+/);
    expect(metrics).toMatch(/payment_charges_total\{outcome="COMPLETED"[^}]*\} \d+/);
  });
});
