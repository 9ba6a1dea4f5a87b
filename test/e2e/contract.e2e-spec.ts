import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { gzipSync } from 'node:zlib';
import { waitFor } from '@concert/testing';
import { ApiClient, type QueueTokenBody, type ErrorBody, futureStartsAt } from './support/api-client';
import { startE2eSystem, type E2eSystem } from './support/e2e-system';

/**
 * The public contract (shared/API.md) through the gateway: validation, every error code, the
 * token rules, limits and documents. Capacity 4 so that a fifth user waits.
 */
describe('public contract through the gateway', () => {
  let sut: E2eSystem;
  let api: ApiClient;
  let concertId: string;
  let scheduleId: string;
  const buyer = { userId: randomUUID(), token: '' };
  const other = { userId: randomUUID(), token: '' };

  const code = (response: { body: unknown }) => (response.body as ErrorBody).code;

  beforeAll(async () => {
    sut = await startE2eSystem({ name: 'contract', replicas: 1, env: { QUEUE_MAX_ACTIVE_USERS: '4', RESERVATION_MAX_HOLDS_PER_USER: '2' } });
    api = new ApiClient(sut.gatewayUrl);
    const created = await api.createConcert([{ startsAt: futureStartsAt(20), seatPrice: 40_000 }]);
    expect(created.status).toBe(201);
    concertId = created.body.concertId;
    scheduleId = created.body.schedules[0].scheduleId;
    buyer.token = await api.admitted(buyer.userId);
    other.token = await api.admitted(other.userId);
    await waitFor(async () => (await api.hold(other.token, scheduleId, 50)).status === 201, { timeoutMs: 15_000, description: 'catalog reached reservation-service' });
  });

  afterAll(async () => {
    await sut?.stop();
  });

  describe('errors', () => {
    it('answers every error with the contract body and echoes x-request-id', async () => {
      const response = await api.call('GET', `/reservations/${randomUUID()}`, { headers: { 'x-request-id': 'contract-req-1' }, as: buyer.userId });
      expect(response.status).toBe(404);
      expect(response.body).toEqual({ statusCode: 404, code: 'RESERVATION_NOT_FOUND', message: expect.any(String), requestId: 'contract-req-1' });
      expect(response.headers.get('x-request-id')).toBe('contract-req-1');
    });

    it('refuses malformed JSON, JSON nested too deep, unknown fields and bodies over 1 MB', async () => {
      expect(code(await api.call('POST', '/queue/tokens', { rawBody: '{"concertId": ', as: buyer.userId }))).toBe('VALIDATION_FAILED');
      const unknown = await api.call('POST', '/queue/tokens', { body: { concertId, admin: true }, as: buyer.userId });
      expect([unknown.status, code(unknown)]).toEqual([400, 'VALIDATION_FAILED']);
      const deep = await api.call('POST', `/users/${randomUUID()}/balance/charge`, { rawBody: `{"amount":${'['.repeat(50_000)}${']'.repeat(50_000)}}` });
      expect([deep.status, code(deep)]).toEqual([400, 'VALIDATION_FAILED']);
      const huge = await api.call('POST', '/queue/tokens', { body: { concertId, padding: 'x'.repeat(1_100_000) }, as: buyer.userId });
      expect([huge.status, code(huge)]).toEqual([413, 'PAYLOAD_TOO_LARGE']);
    });

    it('refuses query parameters a route does not take, after the token check', async () => {
      for (const path of [`/users/${buyer.userId}/balance?x=1`, '/concerts?limit=5', `/users/${buyer.userId}/payments?constructor=1`, `/users/${buyer.userId}/balance/history?limit=5&__proto__=1`]) {
        const refused = await api.call('GET', path);
        expect([path, refused.status, code(refused)]).toEqual([path, 400, 'VALIDATION_FAILED']);
      }
      const anonymous = await api.call('GET', `/concerts/${concertId}/schedules?foo=1`);
      expect([anonymous.status, code(anonymous)]).toEqual([401, 'AUTH_REQUIRED']);
      const noToken = await api.call('GET', `/concerts/${concertId}/schedules?foo=1`, { as: buyer.userId });
      expect([noToken.status, code(noToken)]).toEqual([401, 'QUEUE_TOKEN_MISSING']);
      const noTokenForMe = await api.call('GET', '/queue/tokens/me?foo=1', { as: buyer.userId });
      expect([noTokenForMe.status, code(noTokenForMe)]).toEqual([401, 'QUEUE_TOKEN_MISSING']);
      const noAdminKey = await api.call('POST', '/admin/concerts?foo=1', { body: {} });
      expect([noAdminKey.status, code(noAdminKey)]).toEqual([401, 'ADMIN_KEY_INVALID']);
      const withToken = await api.call('GET', `/concerts/${concertId}/schedules?foo=1`, { headers: { 'x-queue-token': buyer.token } });
      expect([withToken.status, code(withToken)]).toEqual([400, 'VALIDATION_FAILED']);
      const hexLimit = await api.call('GET', `/users/${buyer.userId}/payments?limit=0x10`);
      expect([hexLimit.status, code(hexLimit)]).toEqual([400, 'VALIDATION_FAILED']);
      expect((await api.call('GET', `/users/${buyer.userId}/payments?limit=10`)).status).toBe(200);
    });

    it('takes JSON bodies only, uncompressed: text/plain and a content coding are 415', async () => {
      const json = JSON.stringify({ concertId });
      const text = await api.call('POST', '/queue/tokens', { rawBody: json, headers: { 'content-type': 'text/plain' }, as: buyer.userId });
      expect([text.status, code(text)]).toEqual([415, 'UNSUPPORTED_MEDIA_TYPE']);
      const gzip = await api.call('POST', '/queue/tokens', { rawBody: gzipSync(json), headers: { 'content-encoding': 'gzip' }, as: buyer.userId });
      expect([gzip.status, code(gzip)]).toEqual([415, 'UNSUPPORTED_MEDIA_TYPE']);
      const mislabelled = await api.call('POST', `/users/${buyer.userId}/balance/charge`, { rawBody: '{"amount":1}', headers: { 'content-encoding': 'br' } });
      expect([mislabelled.status, code(mislabelled)]).toEqual([415, 'UNSUPPORTED_MEDIA_TYPE']);
    });

    it('checks identity, then the queue token and the admin key, before the body', async () => {
      const anonymous = await api.call('POST', '/reservations', { rawBody: '{"scheduleId": ', headers: { 'x-queue-token': buyer.token }, as: null });
      expect([anonymous.status, code(anonymous)]).toEqual([401, 'AUTH_REQUIRED']);
      const badBearer = await api.call('POST', '/reservations', { rawBody: '{"scheduleId": ', headers: { 'x-queue-token': buyer.token, authorization: 'Bearer x.y.z' } });
      expect([badBearer.status, code(badBearer)]).toEqual([401, 'AUTH_INVALID']);
      const noToken = await api.call('POST', '/reservations', { rawBody: '{"scheduleId": ', as: buyer.userId });
      expect([noToken.status, code(noToken)]).toEqual([401, 'QUEUE_TOKEN_MISSING']);
      const formNoToken = await api.call('POST', '/payments', { rawBody: 'reservationId=1', headers: { 'content-type': 'application/x-www-form-urlencoded' }, as: buyer.userId });
      expect([formNoToken.status, code(formNoToken)]).toEqual([401, 'QUEUE_TOKEN_MISSING']);
      const malformed = await api.call('POST', '/reservations', { rawBody: '{"scheduleId": ', headers: { 'x-queue-token': buyer.token } });
      expect([malformed.status, code(malformed)]).toEqual([400, 'VALIDATION_FAILED']);
      const wrongKey = await api.call('POST', '/admin/concerts', { rawBody: '{"title": ', headers: { 'x-admin-key': 'wrong' } });
      expect([wrongKey.status, code(wrongKey)]).toEqual([401, 'ADMIN_KEY_INVALID']);
    });

    it('answers a path that is not valid percent-encoding or has an overlong segment with the contract body', async () => {
      for (const path of ['/reservations/%ZZ', `/reservations/${'a'.repeat(101)}`]) {
        const response = await api.call('GET', path, { headers: { 'x-request-id': 'contract-bad-path' }, as: buyer.userId });
        expect([response.status, response.body]).toEqual([400, { statusCode: 400, code: 'VALIDATION_FAILED', message: expect.any(String), requestId: 'contract-bad-path' }]);
        expect(response.headers.get('x-request-id')).toBe('contract-bad-path');
      }
    });

    it('answers an unknown route with 404', async () => {
      expect((await api.call('GET', '/nothing-here')).status).toBe(404);
    });
  });

  describe('queue tokens', () => {
    it('refuses protected calls without a token, with a forged one, and with a waiting one', async () => {
      const missing = await api.call('GET', `/concerts/${concertId}/schedules`, { as: buyer.userId });
      expect([missing.status, code(missing)]).toEqual([401, 'QUEUE_TOKEN_MISSING']);

      const forged = `${buyer.token.slice(0, -3)}${buyer.token.at(-3) === 'A' ? 'B' : 'A'}${buyer.token.slice(-2)}`;
      expect(forged).not.toBe(buyer.token);
      const forgedCall = await api.call('GET', `/concerts/${concertId}/schedules`, { headers: { 'x-queue-token': forged }, as: buyer.userId });
      expect([forgedCall.status, code(forgedCall)]).toEqual([401, 'QUEUE_TOKEN_INVALID']);

      // Fill the remaining capacity, then one more user waits.
      await api.admitted(randomUUID());
      await api.admitted(randomUUID());
      const waiting = await api.join(randomUUID());
      expect(waiting.body).toMatchObject({ status: 'WAITING', position: 1, expiresAt: null });
      const refused = await api.schedules(waiting.body.token, concertId);
      expect([refused.status, code(refused)]).toEqual([403, 'QUEUE_TOKEN_NOT_ACTIVE']);
      expect((await api.me(waiting.body.token)).body.position).toBe(1);
    });

    it('returns the same token and place to a user who asks again, signed in under either case of the id', async () => {
      const again = await api.join(buyer.userId);
      expect(again.status).toBe(200);
      expect(again.body.token).toBe(buyer.token);
      const upper = await api.signIn(buyer.userId.toUpperCase());
      expect(upper.userId).toBe(buyer.userId);
      const asUpper = await api.call<QueueTokenBody>('POST', '/queue/tokens', { body: { concertId }, headers: { authorization: `Bearer ${upper.accessToken}` } });
      expect([asUpper.status, asUpper.body.token, asUpper.body.userId, asUpper.body.concertId]).toEqual([200, buyer.token, buyer.userId, concertId]);
    });

    it('takes the user from the access token only: a userId in the body is refused, the concert must exist', async () => {
      const named = await api.call('POST', '/queue/tokens', { body: { concertId, userId: other.userId }, as: buyer.userId });
      expect([named.status, code(named)]).toEqual([400, 'VALIDATION_FAILED']);
      expect(code(await api.call('POST', '/queue/tokens', { body: { userId: other.userId }, as: buyer.userId }))).toBe('VALIDATION_FAILED');
      expect(code(await api.call('POST', '/queue/tokens', { body: { concertId: 'not-a-uuid' }, as: buyer.userId }))).toBe('VALIDATION_FAILED');
      const unknown = await api.call('POST', '/queue/tokens', { body: { concertId: randomUUID() }, as: buyer.userId });
      expect([unknown.status, code(unknown)]).toEqual([404, 'CONCERT_NOT_FOUND']);
      expect(code(await api.call('POST', '/queue/tokens', { body: { concertId }, as: null }))).toBe('AUTH_REQUIRED');
      expect(code(await api.call('GET', '/queue/tokens/me', { as: buyer.userId }))).toBe('QUEUE_TOKEN_MISSING');
    });
  });

  describe('catalog', () => {
    it('lists concerts publicly and refuses unknown ids with their codes', async () => {
      const concerts = await api.call<Array<{ concertId: string }>>('GET', '/concerts');
      expect(concerts.body.map((concert) => concert.concertId)).toContain(concertId);
      // An unknown concert has no room to join; a token of this concert's room is for this concert only.
      expect(code(await api.join(randomUUID(), randomUUID()))).toBe('CONCERT_NOT_FOUND');
      expect(code(await api.schedules(buyer.token, randomUUID()))).toBe('QUEUE_TOKEN_WRONG_ROOM');
      expect(code(await api.seats(buyer.token, concertId, randomUUID()))).toBe('SCHEDULE_NOT_FOUND');
      expect(code(await api.seats(buyer.token, 'nope', scheduleId))).toBe('VALIDATION_FAILED');
    });

    it('refuses the admin API without the right key and validates every field', async () => {
      const noKey = await api.call('POST', '/admin/concerts', { body: { title: 'x', venue: 'y', schedules: [] } });
      expect([noKey.status, code(noKey)]).toEqual([401, 'ADMIN_KEY_INVALID']);
      for (const schedules of [
        [{ startsAt: '2001-01-01T19:00:00+09:00', seatPrice: 1000 }],
        [{ startsAt: 'tomorrow', seatPrice: 1000 }],
        [{ startsAt: futureStartsAt(30), seatPrice: 0 }],
        [{ startsAt: futureStartsAt(30), seatPrice: 1.5 }],
        [{ startsAt: futureStartsAt(30), seatPrice: 1000, seatPrices: { '51': 1000 } }],
        [{ startsAt: '9999-12-31T15:00:00Z', seatPrice: 1000 }],
      ]) {
        const response = await api.call('POST', '/admin/concerts', { headers: { 'x-admin-key': 'dev-admin-key' }, body: { title: 'Valid', venue: 'Hall', schedules } });
        expect([response.status, code(response)]).toEqual([400, 'VALIDATION_FAILED']);
      }
      const emptyTitle = await api.call('POST', '/admin/concerts', {
        headers: { 'x-admin-key': 'dev-admin-key' },
        body: { title: ' ', venue: 'Hall', schedules: [{ startsAt: futureStartsAt(30), seatPrice: 1000 }] },
      });
      expect(code(emptyTitle)).toBe('VALIDATION_FAILED');
      const nulTitle = await api.call('POST', '/admin/concerts', {
        headers: { 'x-admin-key': 'dev-admin-key' },
        body: { title: 'a\u0000b', venue: 'Hall', schedules: [{ startsAt: futureStartsAt(30), seatPrice: 1000 }] },
      });
      expect([nulTitle.status, code(nulTitle)]).toEqual([400, 'VALIDATION_FAILED']);
    });
  });

  describe('reservations', () => {
    it.each([
      ['seat 0', { seatNo: 0 }],
      ['seat 51', { seatNo: 51 }],
      ['seat as text', { seatNo: 'seven' }],
      ['missing seat', { seatNo: undefined }],
      ['unknown field', { seatNo: 3, discount: 100 }],
    ])('refuses %s with 400 VALIDATION_FAILED', async (_, fields) => {
      const response = await api.call('POST', '/reservations', { headers: { 'x-queue-token': buyer.token }, body: { scheduleId, ...fields } });
      expect([response.status, code(response)]).toEqual([400, 'VALIDATION_FAILED']);
    });

    it('answers 404 for an unknown schedule and 409 for a taken seat, also for its own holder', async () => {
      expect(code(await api.hold(buyer.token, randomUUID(), 1))).toBe('SCHEDULE_NOT_FOUND');
      const taken = await api.hold(buyer.token, scheduleId, 50); // held by `other` in beforeAll
      expect([taken.status, code(taken)]).toEqual([409, 'SEAT_UNAVAILABLE']);
      const mine = await api.hold(buyer.token, scheduleId, 10);
      expect(mine.status).toBe(201);
      expect(code(await api.hold(buyer.token, scheduleId, 10))).toBe('SEAT_UNAVAILABLE');
    });

    it('limits live holds per user', async () => {
      const user = { userId: other.userId, token: other.token }; // holds seat 50 already; limit 2
      expect((await api.hold(user.token, scheduleId, 11)).status).toBe(201);
      const third = await api.hold(user.token, scheduleId, 12);
      expect([third.status, code(third)]).toEqual([409, 'HOLD_LIMIT_REACHED']);
    });

    it('lets only the owner cancel, only while HELD, and frees the seat', async () => {
      const hold = await api.hold(buyer.token, scheduleId, 20);
      expect(hold.status).toBe(201);
      const stranger = await api.cancel(other.token, hold.body.reservationId);
      expect([stranger.status, code(stranger)]).toEqual([403, 'RESERVATION_NOT_OWNED']);
      const cancelled = await api.cancel(buyer.token, hold.body.reservationId);
      expect([cancelled.status, cancelled.body.status]).toEqual([200, 'CANCELLED']);
      const again = await api.cancel(buyer.token, hold.body.reservationId);
      expect([again.status, code(again)]).toEqual([409, 'RESERVATION_NOT_HELD']);
      await waitFor(async () => (await api.seats(buyer.token, concertId, scheduleId)).body.seats[19]?.status === 'AVAILABLE', {
        timeoutMs: 1_500,
        description: 'seat 20 AVAILABLE again',
      });
      const mine = await api.call<unknown[]>('GET', `/users/${buyer.userId}/reservations`);
      expect(mine.body.length).toBeGreaterThanOrEqual(2);
    });
  });

  describe('balance and payments', () => {
    it.each([[0], [-5], [1.5], ['1000'], [10_000_001], [null]])('refuses a charge of %p with 400 INVALID_AMOUNT', async (amount) => {
      const response = await api.charge(buyer.userId, amount);
      expect([response.status, code(response)]).toEqual([400, 'INVALID_AMOUNT']);
    });

    it('caps a balance at 1,000,000,000', async () => {
      const rich = randomUUID();
      for (let i = 0; i < 100; i++) expect((await api.charge(rich, 10_000_000)).status).toBe(200);
      expect(code(await api.charge(rich, 1))).toBe('INVALID_AMOUNT');
      expect((await api.balance(rich)).body.balance).toBe(1_000_000_000);
    });

    it('replays a charge retried with the same Idempotency-Key and refuses the key with another body', async () => {
      const user = randomUUID();
      const key = randomUUID();
      const first = await api.charge(user, 7_000, key);
      const retry = await api.charge(user, 7_000, key);
      expect([first.status, retry.status]).toEqual([200, 200]);
      expect(retry.body).toEqual(first.body);
      expect((await api.balance(user)).body.balance).toBe(7_000);
      const reused = await api.charge(user, 8_000, key);
      expect([reused.status, code(reused)]).toEqual([422, 'IDEMPOTENCY_KEY_REUSED']);
      expect((await api.balance(randomUUID())).body.balance).toBe(0);
    });

    it('refuses payments that are not the caller’s, unfunded, or unknown', async () => {
      const hold = await api.hold(buyer.token, scheduleId, 30);
      expect(hold.status).toBe(201);
      const notOwned = await api.pay(other.token, hold.body.reservationId);
      expect([notOwned.status, code(notOwned)]).toEqual([403, 'RESERVATION_NOT_OWNED']);
      const poor = await api.pay(buyer.token, hold.body.reservationId);
      expect([poor.status, code(poor)]).toEqual([409, 'INSUFFICIENT_BALANCE']);
      expect((await api.reservation(hold.body.reservationId)).body.status).toBe('HELD');
      expect(code(await api.pay(buyer.token, randomUUID()))).toBe('RESERVATION_NOT_FOUND');
      expect(code(await api.payment(randomUUID(), buyer.userId))).toBe('PAYMENT_NOT_FOUND');
      expect(code(await api.call('POST', '/payments', { headers: { 'x-queue-token': buyer.token }, body: { reservationId: 'x' } }))).toBe('VALIDATION_FAILED');
    });

    it('refuses paying a cancelled hold, then pays a held one once and expires the token', async () => {
      // Start from no live holds (earlier tests may have left some), then hold two seats.
      const mine = await api.call<Array<{ reservationId: string; status: string }>>('GET', `/users/${buyer.userId}/reservations`);
      for (const reservation of mine.body.filter((r) => r.status === 'HELD')) await api.cancel(buyer.token, reservation.reservationId);
      const toCancel = (await api.hold(buyer.token, scheduleId, 30)).body;
      const toPay = (await api.hold(buyer.token, scheduleId, 10)).body;
      expect([toCancel.status, toPay.status]).toEqual(['HELD', 'HELD']);
      expect((await api.cancel(buyer.token, toCancel.reservationId)).status).toBe(200);
      // payment-service learns of the cancellation from its event (it may lag a moment; with a
      // balance of 0 nothing can be debited meanwhile): within 1 s it refuses the payment.
      await waitFor(async () => code(await api.pay(buyer.token, toCancel.reservationId)) === 'RESERVATION_EXPIRED', {
        timeoutMs: 1_500,
        description: 'payment of a cancelled hold refused',
      });

      await api.charge(buyer.userId, 40_000);
      const paid = await api.pay(buyer.token, toPay.reservationId);
      expect(paid.status).toBe(201);
      const again = await api.pay(buyer.token, toPay.reservationId);
      expect([409, 401]).toContain(again.status);
      expect(['RESERVATION_ALREADY_PAID', 'QUEUE_TOKEN_EXPIRED']).toContain(code(again));
      // Expired once the purchase is confirmed (payment → confirmation → queue-service): two saga hops.
      await waitFor(async () => code(await api.schedules(buyer.token, concertId)) === 'QUEUE_TOKEN_EXPIRED', {
        timeoutMs: 5_000,
        description: 'token expired by the confirmed purchase',
      });
      expect((await api.balance(buyer.userId)).body.balance).toBe(0);
    });
  });

  it('serves Swagger UI, health, metrics and the OpenAPI document docs/openapi.json records', async () => {
    const docs = await fetch(`${sut.gatewayUrl}/docs`);
    expect(docs.status).toBe(200);
    expect(await docs.text()).toContain('swagger');
    expect((await fetch(`${sut.gatewayUrl}/health`)).status).toBe(200);
    expect(await (await fetch(`${sut.gatewayUrl}/metrics`)).text()).toContain('http_request_duration_seconds');
    const live = (await (await fetch(`${sut.gatewayUrl}/docs-json`)).json());
    const recorded = JSON.parse(readFileSync(path.resolve(__dirname, '..', '..', 'docs', 'openapi.json'), 'utf8')) as unknown;
    // If this fails after an API change: npm run docs:openapi
    expect(live).toEqual(recorded);
  });
});
