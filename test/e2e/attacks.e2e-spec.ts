import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { DEV_AUTH_AUDIENCE, DEV_AUTH_ISSUER, DEV_QUEUE_TOKEN_SECRET, signCallerAssertion, signQueueToken } from '@concert/platform';
import { testInfra } from '@concert/testing';
import Redis from 'ioredis';
import { exportJWK, generateKeyPair, importJWK, type JWK, SignJWT } from 'jose';
import { ApiClient, type ErrorBody, futureStartsAt, type QueueTokenBody, type ReservationBody } from './support/api-client';
import { type E2eSystem, startE2eSystem } from './support/e2e-system';
import { assertReconciled } from './support/reconciliation';

/**
 * A stranger who knows the victim's user id, reservation and payment ids tries, through the
 * gateway (two replicas of every service) and straight at every service port, to act for the
 * victim. Every attempt is refused with the contract's code, and nothing of the victim's changes:
 * balance, ledger, holds, payments, queue place.
 */
describe('attacks on another user', () => {
  let sut: E2eSystem;
  let api: ApiClient;
  let concertId: string;
  let scheduleId: string;
  const victim = { userId: randomUUID(), token: '', reservation: '', payment: '' };
  const waitingVictim = { userId: randomUUID(), token: '' };
  const attacker = { userId: randomUUID(), token: '' };

  const code = (response: { body: unknown }) => (response.body as ErrorBody).code;
  const bearer = async (userId: string) => ({ authorization: `Bearer ${await api.accessTokenOf(userId)}` });

  /** Everything of the victims' an attack could change, read by the victims themselves. */
  async function victimState() {
    const [balance, history, reservations, payments, place, waitingPlace] = await Promise.all([
      api.balance(victim.userId),
      api.history(victim.userId),
      api.call<ReservationBody[]>('GET', `/users/${victim.userId}/reservations`),
      api.payments(victim.userId),
      api.me(victim.token),
      api.me(waitingVictim.token),
    ]);
    return {
      balance: balance.body.balance,
      history: history.body,
      reservations: reservations.body.map(({ reservationId, status, seatNo }) => ({ reservationId, status, seatNo })),
      payments: payments.body,
      place: { status: place.body.status, position: place.body.position, expiresAt: place.body.expiresAt },
      waitingPlace: { status: waitingPlace.body.status, position: waitingPlace.body.position, expiresAt: waitingPlace.body.expiresAt },
    };
  }
  let before: Awaited<ReturnType<typeof victimState>>;

  /** The dev issuer's signing key, read from Redis as only a test can: to sign tokens whose claims are wrong. */
  async function devIssuerKey(): Promise<{ key: Awaited<ReturnType<typeof importJWK>>; kid: string }> {
    const redis = new Redis(testInfra.redisUrl, { keyPrefix: sut.redisKeyPrefix, lazyConnect: false });
    try {
      const jwk = JSON.parse((await redis.get('auth:dev-issuer:key')) ?? 'null') as JWK;
      return { key: await importJWK(jwk, 'ES256'), kid: jwk.kid as string };
    } finally {
      redis.disconnect();
    }
  }

  beforeAll(async () => {
    sut = await startE2eSystem({ name: 'attacks', replicas: 2, env: { QUEUE_MAX_ACTIVE_USERS: '2', RESERVATION_MAX_HOLDS_PER_USER: '3' } });
    api = new ApiClient(sut.gatewayUrl);
    const created = await api.createConcert([{ startsAt: futureStartsAt(25), seatPrice: 10_000 }]);
    expect(created.status).toBe(201);
    concertId = created.body.concertId;
    scheduleId = created.body.schedules[0]?.scheduleId ?? '';
    victim.token = await api.admitted(victim.userId);
    attacker.token = await api.admitted(attacker.userId);
    const waiting = await api.join(waitingVictim.userId);
    expect(waiting.body).toMatchObject({ status: 'WAITING', position: 1 });
    waitingVictim.token = waiting.body.token;

    expect((await api.charge(victim.userId, 50_000)).status).toBe(200);
    // The catalog reaches reservation-service by events: the first hold may need a moment.
    let paidHold: ReservationBody | undefined;
    for (let attempt = 0; attempt < 50 && !paidHold; attempt++) {
      const hold = await api.hold(victim.token, scheduleId, 1);
      if (hold.status === 201) paidHold = hold.body;
      else await new Promise((resolve) => setTimeout(resolve, 200));
    }
    if (!paidHold) throw new Error('the victim could not hold a seat');
    const held = await api.hold(victim.token, scheduleId, 2);
    expect(held.status).toBe(201);
    victim.reservation = held.body.reservationId;
    const paid = await api.pay(victim.token, paidHold.reservationId);
    expect(paid.status).toBe(201);
    victim.payment = paid.body.paymentId;
    // The purchase ends the victim's active window and hands the slot to the one who waited; the
    // victim joins again and now waits at the head of the room.
    const deadline = Date.now() + 15_000;
    while ((await api.me(waitingVictim.token)).body.status !== 'ACTIVE') {
      if (Date.now() > deadline) throw new Error('the waiting victim was not admitted after the purchase');
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    const again = await api.join(victim.userId);
    expect(again.body).toMatchObject({ status: 'WAITING', position: 1 });
    victim.token = again.body.token;
    before = await victimState();
    expect(before.balance).toBe(40_000);
    expect(before.place).toEqual({ status: 'WAITING', position: 1, expiresAt: null });
    expect(before.waitingPlace).toMatchObject({ status: 'ACTIVE' });
  }, 120_000);

  afterAll(async () => {
    await sut?.stop();
  });

  it('cannot take the victim’s queue token by naming them', async () => {
    for (const target of [victim, waitingVictim]) {
      const named = await api.call<QueueTokenBody>('POST', '/queue/tokens', { body: { concertId, userId: target.userId }, as: attacker.userId });
      expect([named.status, code(named)]).toEqual([400, 'VALIDATION_FAILED']);
    }
    const own = await api.join(attacker.userId);
    expect([own.status, own.body.userId, own.body.token]).toEqual([200, attacker.userId, attacker.token]);
    const anonymous = await api.call('POST', '/queue/tokens', { body: { concertId }, as: null });
    expect([anonymous.status, code(anonymous)]).toEqual([401, 'AUTH_REQUIRED']);
  });

  it('cannot read or charge the victim’s wallet, nor read their reservations and payments', async () => {
    for (const [method, path] of [
      ['GET', `/users/${victim.userId}/balance`],
      ['GET', `/users/${victim.userId}/balance/history`],
      ['GET', `/users/${victim.userId}/reservations`],
      ['GET', `/users/${victim.userId}/payments`],
      ['GET', `/users/${victim.userId.toUpperCase()}/balance`],
    ] as const) {
      const response = await api.call(method, path, { as: attacker.userId });
      expect([path, response.status, code(response)]).toEqual([path, 403, 'USER_MISMATCH']);
    }
    const charge = await api.call('POST', `/users/${victim.userId}/balance/charge`, { body: { amount: 1 }, as: attacker.userId });
    expect([charge.status, code(charge)]).toEqual([403, 'USER_MISMATCH']);
    const reservation = await api.reservation(victim.reservation, attacker.userId);
    expect([reservation.status, code(reservation)]).toEqual([404, 'RESERVATION_NOT_FOUND']);
    const payment = await api.payment(victim.payment, attacker.userId);
    expect([payment.status, code(payment)]).toEqual([404, 'PAYMENT_NOT_FOUND']);
    for (const path of [`/users/${victim.userId}/balance`, `/reservations/${victim.reservation}`, `/payments/${victim.payment}`]) {
      const anonymous = await api.call('GET', path, { as: null });
      expect([path, anonymous.status, code(anonymous)]).toEqual([path, 401, 'AUTH_REQUIRED']);
    }
    // `me` is the caller: the attacker reads their own wallet, not the victim's.
    const mine = await api.call<{ userId: string; balance: number }>('GET', '/users/me/balance', { as: attacker.userId });
    expect(mine.body).toEqual({ userId: attacker.userId, balance: 0 });
  });

  it('cannot cancel or pay the victim’s hold', async () => {
    expect((await api.charge(attacker.userId, 50_000)).status).toBe(200);
    const cancel = await api.cancel(attacker.token, victim.reservation);
    expect([cancel.status, code(cancel)]).toEqual([403, 'RESERVATION_NOT_OWNED']);
    const pay = await api.pay(attacker.token, victim.reservation);
    expect([pay.status, code(pay)]).toEqual([403, 'RESERVATION_NOT_OWNED']);
    expect((await api.balance(attacker.userId)).body.balance).toBe(50_000);
  });

  it('cannot use the victim’s queue token with their own identity', async () => {
    const asAttacker = { ...(await bearer(attacker.userId)), 'x-queue-token': victim.token };
    for (const [method, path, body] of [
      ['POST', '/reservations', { scheduleId, seatNo: 40 }],
      ['DELETE', `/reservations/${victim.reservation}`, undefined],
      ['POST', '/payments', { reservationId: victim.reservation }],
      ['GET', `/concerts/${concertId}/schedules`, undefined],
      ['GET', '/queue/tokens/me', undefined],
      ['GET', '/queue/tokens/me/events', undefined],
      ['POST', '/queue/tokens/me/stream-tickets', undefined],
    ] as const) {
      const response = await api.call(method, path, { headers: asAttacker, body });
      expect([path, response.status, code(response)]).toEqual([path, 403, 'QUEUE_TOKEN_NOT_OWNED']);
    }
  });

  it('cannot pass a token signed with a known secret that names the victim', async () => {
    const [, body] = attacker.token.split('.') as [string, string];
    const { tid, iat, cid } = JSON.parse(Buffer.from(body, 'base64url').toString('utf8')) as { tid: string; iat: number; cid: string };
    // The old compose default and the dev default: anyone could sign with them.
    const forged = signQueueToken({ tid, uid: victim.userId, iat, cid }, DEV_QUEUE_TOKEN_SECRET);
    const asAttacker = await api.call('POST', '/reservations', { headers: { ...(await bearer(attacker.userId)), 'x-queue-token': forged }, body: { scheduleId, seatNo: 41 } });
    expect([asAttacker.status, code(asAttacker)]).toEqual([403, 'QUEUE_TOKEN_NOT_OWNED']);
    // Even with the victim's own access token, the stored owner of that token id is the attacker.
    const asVictim = await api.call('POST', '/reservations', { headers: { ...(await bearer(victim.userId)), 'x-queue-token': forged }, body: { scheduleId, seatNo: 41 } });
    expect([asVictim.status, code(asVictim)]).toEqual([401, 'QUEUE_TOKEN_INVALID']);
  });

  describe('forged access tokens', () => {
    const forgedCall = (token: string) => api.call('GET', `/users/${victim.userId}/balance`, { headers: { authorization: `Bearer ${token}` } });
    const b64 = (value: object) => Buffer.from(JSON.stringify(value)).toString('base64url');
    const claims = () => ({ sub: victim.userId, iss: DEV_AUTH_ISSUER, aud: DEV_AUTH_AUDIENCE, iat: Math.floor(Date.now() / 1000), exp: Math.floor(Date.now() / 1000) + 600 });

    it('refuses alg none', async () => {
      const { kid } = await devIssuerKey();
      const response = await forgedCall(`${b64({ alg: 'none', kid })}.${b64(claims())}.`);
      expect([response.status, code(response)]).toEqual([401, 'AUTH_INVALID']);
    });

    it('refuses HS256 signed with the public key', async () => {
      const jwks = (await (await fetch(`${sut.gatewayUrl}/.well-known/jwks.json`)).json()) as { keys: JWK[] };
      const publicJwk = jwks.keys[0];
      const forged = await new SignJWT(claims()).setProtectedHeader({ alg: 'HS256', kid: publicJwk.kid }).sign(new TextEncoder().encode(JSON.stringify(publicJwk)));
      const response = await forgedCall(forged);
      expect([response.status, code(response)]).toEqual([401, 'AUTH_INVALID']);
    });

    it('refuses a key of the attacker’s own under an unknown kid', async () => {
      const own = await generateKeyPair('ES256', { extractable: true });
      expect(await exportJWK(own.publicKey)).toHaveProperty('x');
      const forged = await new SignJWT(claims()).setProtectedHeader({ alg: 'ES256', kid: randomUUID() }).sign(own.privateKey);
      const response = await forgedCall(forged);
      expect([response.status, code(response)]).toEqual([401, 'AUTH_INVALID']);
    });

    it.each([
      ['expired', { exp: Math.floor(Date.now() / 1000) - 120 }],
      ['of another issuer', { iss: 'https://evil.example/' }],
      ['for another audience', { aud: 'another-api' }],
      ['with a subject that is not a UUID', { sub: 'admin' }],
    ])('refuses a correctly signed token %s', async (_what, change) => {
      const { key, kid } = await devIssuerKey();
      const forged = await new SignJWT({ ...claims(), ...change }).setProtectedHeader({ alg: 'ES256', kid }).sign(key);
      const response = await forgedCall(forged);
      expect([response.status, code(response)]).toEqual([401, 'AUTH_INVALID']);
    });

    it('accepts the same hand-signed token with right claims (the forgeries above differ in one claim only)', async () => {
      const { key, kid } = await devIssuerKey();
      const genuine = await new SignJWT(claims()).setProtectedHeader({ alg: 'ES256', kid }).sign(key);
      const response = await forgedCall(genuine);
      expect([response.status, (response.body as { balance: number }).balance]).toEqual([200, 40_000]);
    });

    it('refuses the attacker’s own token with its subject changed to the victim', async () => {
      const [header, payload, signature] = (await api.accessTokenOf(attacker.userId)).split('.') as [string, string, string];
      const changed = { ...(JSON.parse(Buffer.from(payload, 'base64url').toString('utf8')) as object), sub: victim.userId };
      const response = await forgedCall(`${header}.${b64(changed)}.${signature}`);
      expect([response.status, code(response)]).toEqual([401, 'AUTH_INVALID']);
    });
  });

  it('finds every process listening on loopback only, so another machine cannot reach its port at all', () => {
    // Two instances of each of the four services, the history sink and the gateway (loopback too under npm start).
    const ports = [...Object.values(sut.system.serviceUrls).flat(), sut.system.gatewayUrl].map((url) => Number(new URL(url).port));
    expect(ports.length).toBe(10);
    const listening = listeningAddresses();
    expect(ports.map((port) => [port, listening.get(port) ?? []])).toEqual(ports.map((port) => [port, ['127.0.0.1']]));
  });

  it('cannot reach any service directly with a made-up identity', async () => {
    const urls = Object.entries(sut.system.serviceUrls).filter(([service]) => service !== 'history-sink');
    expect(urls.flatMap(([, list]) => list).length).toBe(8);
    const pathOf: Record<string, string> = {
      'queue-service': '/api/v1/queue/tokens',
      'concert-service': `/api/v1/concerts/${concertId}/schedules`,
      'reservation-service': `/api/v1/users/${victim.userId}/reservations`,
      'payment-service': `/api/v1/users/${victim.userId}/balance`,
    };
    for (const [service, list] of urls) {
      const path = pathOf[service];
      const method = service === 'queue-service' ? 'POST' : 'GET';
      const body = service === 'queue-service' ? JSON.stringify({ concertId }) : undefined;
      const headers = { 'content-type': 'application/json', 'x-user-id': victim.userId, 'x-queue-token-id': randomUUID() };
      const forgedAssertion = signCallerAssertion({ sub: victim.userId, qtid: null, iss: 'gateway', m: method, p: path }, 'a-guessed-key-that-is-not-the-real-one', Date.now());
      const replayed = signCallerAssertion({ sub: victim.userId, qtid: null, iss: 'gateway', m: method, p: '/api/v1/concerts' }, process.env.INTERNAL_ASSERTION_KEY ?? 'dev-internal-assertion-key-change-me', Date.now());
      for (const url of list) {
        const bare = await fetch(`${url}${path}`, { method, headers, body });
        expect([service, bare.status, ((await bare.json()) as ErrorBody).code]).toEqual([service, 401, 'AUTH_REQUIRED']);
        for (const assertion of [forgedAssertion, replayed]) {
          const forged = await fetch(`${url}${path}`, { method, headers: { ...headers, 'x-caller-assertion': assertion }, body });
          expect([service, forged.status, ((await forged.json()) as ErrorBody).code]).toEqual([service, 401, 'AUTH_INVALID']);
        }
      }
    }
  });

  it('leaves the victims exactly as they were, and the books reconciled', async () => {
    expect(await victimState()).toEqual(before);
    await assertReconciled(sut.databaseUrl);
  });

  it('lets a browser page open the event stream with a single-use ticket, never a bearer in the URL', async () => {
    const ticket = await api.call<{ ticket: string; expiresIn: number }>('POST', '/queue/tokens/me/stream-tickets', { headers: { 'x-queue-token': victim.token } });
    expect([ticket.status, ticket.body.expiresIn]).toEqual([201, 30]);
    const controller = new AbortController();
    const stream = await fetch(`${sut.gatewayUrl}/api/v1/queue/tokens/me/events?ticket=${encodeURIComponent(ticket.body.ticket)}`, { signal: controller.signal });
    expect([stream.status, stream.headers.get('content-type')?.startsWith('text/event-stream')]).toEqual([200, true]);
    const reader = stream.body?.getReader();
    const first = new TextDecoder().decode((await reader?.read())?.value);
    expect(JSON.parse(first.replace(/^data: /, '').trim())).toMatchObject({ userId: victim.userId, status: 'WAITING', position: 1 });
    controller.abort();
    const reused = await fetch(`${sut.gatewayUrl}/api/v1/queue/tokens/me/events?ticket=${encodeURIComponent(ticket.body.ticket)}`);
    expect([reused.status, ((await reused.json()) as ErrorBody).code]).toEqual([401, 'AUTH_INVALID']);
  });
});

/** The local addresses of this machine's listening TCP sockets, by port (Linux /proc/net/tcp and tcp6). */
function listeningAddresses(): Map<number, string[]> {
  const byPort = new Map<number, string[]>();
  for (const file of ['/proc/net/tcp', '/proc/net/tcp6']) {
    for (const line of readFileSync(file, 'utf8').split('\n').slice(1)) {
      const [, local, , state] = line.trim().split(/\s+/);
      if (state !== '0A' || !local) continue; // 0A: LISTEN
      const [hexAddress = '', hexPort = ''] = local.split(':');
      const port = parseInt(hexPort, 16);
      const address = hexAddress.length === 8 ? (hexAddress.match(/../g) ?? []).reverse().map((byte) => parseInt(byte, 16)).join('.') : hexAddress === '00000000000000000000000001000000' ? '::1' : `ipv6:${hexAddress}`;
      byPort.set(port, [...new Set([...(byPort.get(port) ?? []), address])].sort());
    }
  }
  return byPort;
}
