import { randomUUID } from 'node:crypto';
import type { AddressInfo } from 'node:net';
import { createServer } from 'node:net';
import { ErrorCode } from '@concert/contracts';
import { DEV_INTERNAL_ASSERTION_KEY, type HealthProbe, loadConfig, QueueTokenKeys, signQueueToken, verifyCallerAssertion } from '@concert/platform';
import { testInfra } from '@concert/testing';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import Fastify, { type FastifyInstance } from 'fastify';
import Redis from 'ioredis';
import { Agent, request as httpRequest } from 'undici';
import { createGatewayApp } from './gateway.app';
import { gatewayConfigSchema } from './gateway.config';
import { upstreamHealthProbeToken } from './proxy/upstream-health.probe';
import { UpstreamService } from './proxy/upstream-service';

/** What a stub service received. */
interface Received {
  stub: string;
  method: string;
  url: string;
  headers: Record<string, string | string[] | undefined>;
  body: string | undefined;
}

/** A small real service: echoes what it received; a path segment `status-NNN` picks the answer's status. */
class StubService {
  readonly received: Received[] = [];
  readonly closedStreams: string[] = [];
  private readonly app: FastifyInstance = Fastify({ logger: false });
  url = '';

  constructor(readonly name: string) {
    this.app.removeContentTypeParser('application/json');
    this.app.addContentTypeParser('application/json', { parseAs: 'string' }, (_request, body, done) => done(null, body));
    this.app.get('/health', async () => ({ status: 'ok' }));
    this.app.get('/api/v1/queue/tokens/me/events', (request, reply) => {
      this.record(request.method, request.url, request.headers, undefined);
      reply.hijack();
      reply.raw.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-cache' });
      reply.raw.write(`data: ${JSON.stringify({ status: 'WAITING', position: 2 })}\n\n`);
      const timer = setTimeout(() => reply.raw.write(`data: ${JSON.stringify({ status: 'WAITING', position: 1 })}\n\n`), 100);
      reply.raw.on('close', () => {
        clearTimeout(timer);
        this.closedStreams.push(request.url);
      });
    });
    this.app.all('/*', async (request, reply) => {
      this.record(request.method, request.url, request.headers, typeof request.body === 'string' ? request.body : undefined);
      const status = Number(/\/status-(\d{3})(\/|\?|$)/.exec(request.url)?.[1] ?? 200);
      const body =
        status >= 400
          ? { statusCode: status, code: ErrorCode.SEAT_UNAVAILABLE, message: 'Seat 7 is held', requestId: request.headers['x-request-id'] }
          : { stub: this.name, method: request.method, url: request.url };
      return reply.status(status).header('x-stub-header', this.name).header('x-request-id', 'the-service-own-id').send(body);
    });
  }

  private record(method: string, url: string, headers: Received['headers'], body: string | undefined): void {
    this.received.push({ stub: this.name, method, url, headers, body });
  }

  async start(): Promise<this> {
    await this.app.listen({ port: 0, host: '127.0.0.1' });
    this.url = `http://127.0.0.1:${(this.app.server.address() as AddressInfo).port}`;
    return this;
  }

  async stop(): Promise<void> {
    await this.app.close();
  }
}

/** A URL nobody listens on (connection refused). */
async function deadUrl(): Promise<string> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return `http://127.0.0.1:${port}`;
}

async function startGateway(env: Record<string, string>): Promise<{ app: NestFastifyApplication; url: string }> {
  const config = loadConfig(gatewayConfigSchema, { NODE_ENV: 'test', LOG_LEVEL: 'silent', REDIS_URL: testInfra.redisUrl, ...env });
  const app = await createGatewayApp(config);
  await app.listen(0, '127.0.0.1');
  return { app, url: `http://127.0.0.1:${(app.getHttpServer().address() as AddressInfo).port}` };
}

const SECRET = 'integration-secret';
/** The room of the tokens these tests sign (the concert their catalog paths name). */
const CONCERT_ID = randomUUID();
const PREFIX = `it:gateway:${randomUUID()}:`;

describe('gateway (in-process, real Redis, stub services)', () => {
  const queue = new StubService('queue');
  const concert = new StubService('concert');
  const reservationA = new StubService('reservation-a');
  const reservationB = new StubService('reservation-b');
  const payment = new StubService('payment');
  const stubs = [queue, concert, reservationA, reservationB, payment];
  let redis: Redis;
  let gateway: { app: NestFastifyApplication; url: string };
  /** Second gateway: rate limit on, concert-service down, a dead reservation replica first in line. */
  let degraded: { app: NestFastifyApplication; url: string };
  let dead: string;

  beforeAll(async () => {
    await Promise.all(stubs.map((stub) => stub.start()));
    dead = await deadUrl();
    redis = new Redis(testInfra.redisUrl, { keyPrefix: PREFIX });
    const common = {
      REDIS_KEY_PREFIX: PREFIX,
      QUEUE_TOKEN_SECRET: SECRET,
      QUEUE_SERVICE_URLS: queue.url,
      PAYMENT_SERVICE_URLS: payment.url,
    };
    gateway = await startGateway({
      ...common,
      CONCERT_SERVICE_URLS: concert.url,
      RESERVATION_SERVICE_URLS: `${reservationA.url},${reservationB.url}`,
      RATE_LIMIT_PER_CLIENT_PER_SECOND: '0',
    });
    degraded = await startGateway({
      ...common,
      CONCERT_SERVICE_URLS: dead,
      RESERVATION_SERVICE_URLS: `${dead},${reservationA.url}`,
      RATE_LIMIT_PER_CLIENT_PER_SECOND: '1',
      RATE_LIMIT_BURST: '5',
      RATE_LIMIT_STORE: 'redis',
    });
  });

  afterAll(async () => {
    await Promise.all([gateway?.app.close(), degraded?.app.close()]);
    await Promise.all(stubs.map((stub) => stub.stop()));
    const keys = await redis.keys(`${PREFIX}*`);
    if (keys.length > 0) await redis.del(...keys.map((key) => key.slice(PREFIX.length)));
    await redis.quit();
  });

  beforeEach(() => {
    for (const stub of stubs) stub.received.length = 0;
  });

  const received = () => stubs.flatMap((stub) => stub.received);

  /** Access tokens from the gateway's dev sign-in (both gateways share its key through Redis). */
  const accessTokens = new Map<string, Promise<string>>();
  /** The user of each queue token the test made. */
  const tokenOwners = new Map<string, string>();
  const DEFAULT_USER: string = randomUUID();

  function accessTokenOf(userId: string): Promise<string> {
    let token = accessTokens.get(userId);
    if (!token) {
      token = httpRequest(`${gateway.url}/api/v1/auth/dev-login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ userId }) })
        .then((response) => response.body.json())
        .then((body) => (body as { accessToken: string }).accessToken);
      accessTokens.set(userId, token);
    }
    return token;
  }

  /** The bearer header of `userId`. */
  async function signedIn(userId: string = DEFAULT_USER): Promise<Record<string, string>> {
    return { authorization: `Bearer ${await accessTokenOf(userId)}` };
  }

  /**
   * Calls as a signed-in user: `as`, else the owner of the X-Queue-Token sent, else the user of a
   * `/users/{userId}/…` path, else a default user; `as: null` sends no bearer.
   */
  async function call(
    base: string,
    method: 'GET' | 'HEAD' | 'POST' | 'DELETE',
    path: string,
    options: { headers?: Record<string, string>; body?: string | Buffer; dispatcher?: Agent; as?: string | null } = {},
  ): Promise<{ status: number; headers: Record<string, string | string[] | undefined>; text: string; json: Record<string, unknown> }> {
    const headers = { ...options.headers };
    const named = /^\/api\/v1\/users\/([0-9a-f-]{36})\//.exec(path)?.[1];
    const caller = options.as === undefined ? (tokenOwners.get(headers['x-queue-token'] ?? '') ?? named ?? DEFAULT_USER) : options.as;
    if (caller !== null && headers.authorization === undefined) Object.assign(headers, await signedIn(caller));
    const response = await httpRequest(`${base}${path}`, { method, headers, body: options.body, dispatcher: options.dispatcher });
    const text = await response.body.text();
    let json: unknown;
    try {
      json = JSON.parse(text);
    } catch {
      json = undefined;
    }
    return { status: response.statusCode, headers: response.headers, text, json: json as Record<string, unknown> };
  }

  /** Writes a token's state the way queue-service does, and signs the token. */
  async function tokenIn(
    state: 'ACTIVE' | 'WAITING' | 'EXPIRED' | 'ACTIVE_TIME_OVER' | 'UNKNOWN',
    userId = randomUUID(),
    concertId = CONCERT_ID,
  ): Promise<{ token: string; tokenId: string; userId: string }> {
    const tokenId = randomUUID();
    const now = Date.now();
    if (state !== 'UNKNOWN') {
      await redis.hset(QueueTokenKeys.token(concertId, tokenId), { userId, status: state === 'ACTIVE_TIME_OVER' ? 'ACTIVE' : state });
    }
    if (state === 'ACTIVE') await redis.zadd(QueueTokenKeys.active(concertId), now + 60_000, tokenId);
    if (state === 'ACTIVE_TIME_OVER') await redis.zadd(QueueTokenKeys.active(concertId), now - 1, tokenId);
    if (state === 'WAITING') await redis.zadd(QueueTokenKeys.waiting(concertId), 1, tokenId);
    const token = signQueueToken({ tid: tokenId, uid: userId, iat: Math.floor(now / 1000), cid: concertId }, SECRET);
    tokenOwners.set(token, userId);
    return { token, tokenId, userId };
  }

  describe('forwarding', () => {
    it('forwards method, path, query, the raw body and the headers that matter, and relays the answer', async () => {
      const userId = randomUUID();
      const body = '{"amount":  50000 ,"note":[1, 2]}';
      const response = await call(gateway.url, 'POST', `/api/v1/users/${userId}/balance/charge`, {
        headers: {
          'content-type': 'application/json',
          accept: 'application/json',
          'idempotency-key': 'key-42',
          'x-admin-key': 'admin-key',
          'x-queue-token': 'not-for-payment-service',
        },
        body,
      });

      expect(response.status).toBe(200);
      expect(response.json).toEqual({ stub: 'payment', method: 'POST', url: `/api/v1/users/${userId}/balance/charge` });
      expect(response.headers['content-type']).toMatch(/^application\/json/);
      expect(response.headers['x-stub-header']).toBe('payment');
      const [seen] = payment.received;
      expect(received()).toHaveLength(1);
      expect(seen).toMatchObject({ method: 'POST', url: `/api/v1/users/${userId}/balance/charge`, body });
      expect(seen?.headers).toMatchObject({
        'content-type': 'application/json',
        accept: 'application/json',
        'idempotency-key': 'key-42',
        'x-admin-key': 'admin-key',
        'x-request-id': response.headers['x-request-id'],
      });
      expect(seen?.headers).not.toHaveProperty('x-queue-token');
      expect(seen?.headers).not.toHaveProperty('authorization');

      // The query string goes along as it came, percent-encoding included.
      const listed = await call(gateway.url, 'GET', `/api/v1/users/${userId}/payments?limit=0%35`);
      expect(listed.json).toEqual({ stub: 'payment', method: 'GET', url: `/api/v1/users/${userId}/payments?limit=0%35` });
    });

    it('answers HEAD with the headers of the GET, its content-length included, and no body', async () => {
      const path = `/api/v1/users/${randomUUID()}/balance`;
      const get = await call(gateway.url, 'GET', path);
      const head = await call(gateway.url, 'HEAD', path);
      expect(head.status).toBe(200);
      expect(head.headers['content-length']).toBe(get.headers['content-length']);
      expect(Number(head.headers['content-length'])).toBeGreaterThan(0);
      expect(head.headers['content-type']).toBe(get.headers['content-type']);
      expect(head.text).toBe('');
    });

    it('refuses a query parameter the route does not take without calling a service', async () => {
      const before = received().length;
      const response = await call(gateway.url, 'GET', `/api/v1/users/${randomUUID()}/payments?limit=5&status=200`);
      expect(response.status).toBe(400);
      expect(response.json).toMatchObject({ code: ErrorCode.VALIDATION_FAILED, details: { problems: ['query parameter "status" is not accepted here'] } });
      expect(received()).toHaveLength(before);
    });

    it("keeps the gateway's request id: echoes the client's and passes it on", async () => {
      const response = await call(gateway.url, 'GET', '/api/v1/concerts', { headers: { 'x-request-id': 'client-req-1' } });
      expect(response.status).toBe(200);
      expect(response.headers['x-request-id']).toBe('client-req-1');
      expect(concert.received[0]?.headers['x-request-id']).toBe('client-req-1');
    });

    it("relays a service's error answer unchanged", async () => {
      const response = await call(gateway.url, 'GET', `/api/v1/reservations/status-409`);
      expect(response.status).toBe(409);
      expect(response.json).toEqual({
        statusCode: 409,
        code: ErrorCode.SEAT_UNAVAILABLE,
        message: 'Seat 7 is held',
        requestId: response.headers['x-request-id'],
      });
    });

    it('shares one catalog answer among callers for GATEWAY_MICRO_CACHE_MS, still checking each token, and never an error answer', async () => {
      const { token } = await tokenIn('ACTIVE');
      const path = `/api/v1/concerts/${CONCERT_ID}/schedules/${randomUUID()}/seats`;
      const calls = (target: string) => received().filter((seen) => seen.url === target).length;

      const answers = await Promise.all(Array.from({ length: 5 }, () => call(gateway.url, 'GET', path, { headers: { 'x-queue-token': token } })));
      expect(answers.map((answer) => answer.status)).toEqual([200, 200, 200, 200, 200]);
      expect(new Set(answers.map((answer) => answer.headers['x-request-id'])).size).toBe(5);
      expect(answers[0]?.headers['x-stub-header']).toBe('concert');
      expect(calls(path)).toBe(1);
      await expect(call(gateway.url, 'GET', path).then((answer) => answer.json['code'])).resolves.toBe(ErrorCode.QUEUE_TOKEN_MISSING);

      await new Promise((resolve) => setTimeout(resolve, 250));
      await call(gateway.url, 'GET', path, { headers: { 'x-queue-token': token } });
      expect(calls(path)).toBe(2);

      const failing = path.replace(/\/schedules\/[^/]+/, '/schedules/status-404');
      await call(gateway.url, 'GET', failing, { headers: { 'x-queue-token': token } });
      await call(gateway.url, 'GET', failing, { headers: { 'x-queue-token': token } });
      expect(calls(failing)).toBe(2);
    });

    it('sends the queue token to queue-service on its routes', async () => {
      const { token } = await tokenIn('WAITING');
      const response = await call(gateway.url, 'GET', '/api/v1/queue/tokens/me', { headers: { 'x-queue-token': token } });
      expect(response.status).toBe(200);
      expect(queue.received[0]?.headers['x-queue-token']).toBe(token);
    });

    it('answers a missing or forged token on the queue routes itself, before their query parameters', async () => {
      for (const path of ['/api/v1/queue/tokens/me?foo=1', '/api/v1/queue/tokens/me/events?foo=1']) {
        const missing = await call(gateway.url, 'GET', path);
        const forged = await call(gateway.url, 'GET', path, { headers: { 'x-queue-token': 'v1.forged.sig' } });
        expect([missing.json['code'], forged.json['code']]).toEqual([ErrorCode.QUEUE_TOKEN_MISSING, ErrorCode.QUEUE_TOKEN_INVALID]);
      }
      const { token } = await tokenIn('WAITING');
      const unknownQuery = await call(gateway.url, 'GET', '/api/v1/queue/tokens/me?foo=1', { headers: { 'x-queue-token': token } });
      expect([unknownQuery.status, unknownQuery.json['code']]).toEqual([400, ErrorCode.VALIDATION_FAILED]);
      expect(received()).toHaveLength(0);
    });

    it('answers a missing or wrong admin key itself, before the query parameters and without calling a service', async () => {
      const missing = await call(gateway.url, 'POST', '/api/v1/admin/concerts?foo=1', { headers: { 'content-type': 'application/json' }, body: '{}' });
      const wrong = await call(gateway.url, 'POST', '/api/v1/admin/concerts', { headers: { 'content-type': 'application/json', 'x-admin-key': 'guess' }, body: '{' });
      expect([missing.status, missing.json['code'], wrong.status, wrong.json['code']]).toEqual([401, ErrorCode.ADMIN_KEY_INVALID, 401, ErrorCode.ADMIN_KEY_INVALID]);
      expect(received()).toHaveLength(0);
      const right = await call(gateway.url, 'POST', '/api/v1/admin/concerts', { headers: { 'content-type': 'application/json', 'x-admin-key': 'dev-admin-key' }, body: '{}' });
      expect(right.status).toBe(200);
      expect(concert.received[0]?.headers['x-admin-key']).toBe('dev-admin-key');
    });

    it('strips client-sent identity headers on public routes', async () => {
      await call(gateway.url, 'GET', `/api/v1/users/${randomUUID()}/payments`, {
        headers: { 'x-user-id': randomUUID(), 'x-queue-token-id': randomUUID() },
      });
      expect(payment.received[0]?.headers).not.toHaveProperty('x-user-id');
      expect(payment.received[0]?.headers).not.toHaveProperty('x-queue-token-id');
    });

    it('spreads requests over the replicas of a service in turn', async () => {
      const responses = await Promise.all(
        Array.from({ length: 10 }, () => call(gateway.url, 'GET', `/api/v1/reservations/${randomUUID()}`)),
      );
      expect(responses.map((response) => response.status)).toEqual(Array(10).fill(200));
      expect([reservationA.received.length, reservationB.received.length]).toEqual([5, 5]);
    });

    it('streams Server-Sent Events through as they come and closes the service stream when the client leaves', async () => {
      const abort = new AbortController();
      const { token } = await tokenIn('WAITING');
      const response = await httpRequest(`${gateway.url}/api/v1/queue/tokens/me/events`, {
        headers: { 'x-queue-token': token, accept: 'text/event-stream', ...(await signedIn(tokenOwners.get(token))) },
        signal: abort.signal,
      });
      expect(response.statusCode).toBe(200);
      expect(response.headers['content-type']).toBe('text/event-stream');
      expect(response.headers['x-request-id']).toEqual(expect.any(String));
      const events: string[] = [];
      let buffered = '';
      for await (const chunk of response.body) {
        buffered += String(chunk);
        const parts = buffered.split('\n\n');
        buffered = parts.pop() ?? '';
        events.push(...parts);
        if (events.length >= 2) break;
      }
      abort.abort();
      expect(events).toEqual(['data: {"status":"WAITING","position":2}', 'data: {"status":"WAITING","position":1}']);
      expect(queue.received[0]?.headers['x-queue-token']).toBe(token);
      await waitUntil(() => queue.closedStreams.length === 1);
    });

    it('keeps answering other requests while more event streams are open than UPSTREAM_CONNECTIONS, and holds at most GATEWAY_MAX_EVENT_STREAMS', async () => {
      const narrow = await startGateway({
        REDIS_KEY_PREFIX: PREFIX,
        QUEUE_TOKEN_SECRET: SECRET,
        QUEUE_SERVICE_URLS: queue.url,
        CONCERT_SERVICE_URLS: concert.url,
        RESERVATION_SERVICE_URLS: reservationA.url,
        PAYMENT_SERVICE_URLS: payment.url,
        RATE_LIMIT_PER_CLIENT_PER_SECOND: '0',
        UPSTREAM_CONNECTIONS: '2',
        GATEWAY_MAX_EVENT_STREAMS: '4',
        GATEWAY_MAX_EVENT_STREAMS_PER_CLIENT: '10',
      });
      const closedBefore = queue.closedStreams.length;
      const { token, userId } = await tokenIn('WAITING');
      const bearer = await signedIn(userId);
      const listeners = Array.from({ length: 4 }, () => new AbortController());
      const listen = (listener: AbortController) =>
        httpRequest(`${narrow.url}/api/v1/queue/tokens/me/events`, { headers: { 'x-queue-token': token, ...bearer }, signal: listener.signal });
      try {
        const streams = await Promise.all(listeners.map(listen));
        expect(streams.map((stream) => stream.statusCode)).toEqual([200, 200, 200, 200]);
        for (const stream of streams) stream.body.on('error', () => undefined).resume();

        // GATEWAY_MAX_EVENT_STREAMS reached: a fifth stream is refused, the client polls instead.
        const fifth = await call(narrow.url, 'GET', '/api/v1/queue/tokens/me/events', { headers: { 'x-queue-token': token } });
        expect(fifth.status).toBe(503);
        expect(fifth.json).toMatchObject({ code: ErrorCode.SERVICE_UNAVAILABLE, message: expect.stringContaining('/api/v1/queue/tokens/me') });
        expect(queue.received.filter((seen) => seen.url.endsWith('/events'))).toHaveLength(4);

        const join = await httpRequest(`${narrow.url}/api/v1/queue/tokens`, {
          method: 'POST',
          headers: { 'content-type': 'application/json', ...bearer },
          body: JSON.stringify({ concertId: randomUUID() }),
          signal: AbortSignal.timeout(3_000),
        });
        expect(join.statusCode).toBe(200);
        expect(await join.body.json()).toMatchObject({ stub: 'queue', method: 'POST', url: '/api/v1/queue/tokens' });

        // A stream that ends frees its place.
        listeners[0]?.abort();
        await waitUntil(() => queue.closedStreams.length === closedBefore + 1);
        const again = new AbortController();
        listeners.push(again);
        const reopened = await listen(again);
        expect(reopened.statusCode).toBe(200);
        reopened.body.on('error', () => undefined).resume();
      } finally {
        for (const listener of listeners) listener.abort();
        await narrow.app.close();
      }
      await waitUntil(() => queue.closedStreams.length === closedBefore + 5);
    });
  });

  describe('queue token guard', () => {
    it('forwards the caller of an ACTIVE token of their own as a signed assertion, and nothing a client chose', async () => {
      const { token, tokenId, userId } = await tokenIn('ACTIVE');
      const response = await call(gateway.url, 'POST', '/api/v1/reservations', {
        headers: { 'x-queue-token': token, 'content-type': 'application/json', 'x-user-id': randomUUID(), 'x-queue-token-id': 'forged', 'x-caller-assertion': 'ca1.forged.sig' },
        body: JSON.stringify({ scheduleId: randomUUID(), seatNo: 7 }),
      });
      expect(response.status).toBe(200);
      const [seen] = received();
      const assertion = seen?.headers['x-caller-assertion'];
      expect(typeof assertion).toBe('string');
      const claims = verifyCallerAssertion(String(assertion), [DEV_INTERNAL_ASSERTION_KEY], { method: 'POST', path: '/api/v1/reservations', nowMs: Date.now() });
      expect(claims).toMatchObject({ sub: userId, qtid: tokenId, qcid: CONCERT_ID, iss: 'gateway' });
      for (const name of ['x-queue-token', 'x-user-id', 'x-queue-token-id', 'authorization']) expect(seen?.headers).not.toHaveProperty(name);
    });

    it("refuses an ACTIVE token of another concert's room on that concert's seat map and dates (403 QUEUE_TOKEN_WRONG_ROOM), calling no service", async () => {
      const { token } = await tokenIn('ACTIVE', randomUUID(), randomUUID());
      for (const path of [`/api/v1/concerts/${CONCERT_ID}/schedules`, `/api/v1/concerts/${CONCERT_ID}/schedules/${randomUUID()}/seats`]) {
        const response = await call(gateway.url, 'GET', path, { headers: { 'x-queue-token': token } });
        expect([response.status, response.json['code']]).toEqual([403, ErrorCode.QUEUE_TOKEN_WRONG_ROOM]);
      }
      expect(received()).toEqual([]);
    });

    it("refuses the caller's bearer with another user's ACTIVE token (QUEUE_TOKEN_NOT_OWNED)", async () => {
      const { token } = await tokenIn('ACTIVE');
      const response = await call(gateway.url, 'POST', '/api/v1/payments', { headers: { 'x-queue-token': token, 'content-type': 'application/json' }, body: '{}', as: randomUUID() });
      expect([response.status, response.json['code']]).toEqual([403, ErrorCode.QUEUE_TOKEN_NOT_OWNED]);
      expect(received()).toEqual([]);
    });

    it('binds the token to its stored user: a genuine signature over a token id of another user is unknown', async () => {
      const { tokenId } = await tokenIn('ACTIVE');
      const impostor = randomUUID();
      const forged = signQueueToken({ tid: tokenId, uid: impostor, iat: 1, cid: CONCERT_ID }, SECRET);
      const response = await call(gateway.url, 'POST', '/api/v1/payments', { headers: { 'x-queue-token': forged, 'content-type': 'application/json' }, body: '{}', as: impostor });
      expect([response.status, response.json['code']]).toEqual([401, ErrorCode.QUEUE_TOKEN_INVALID]);
      expect(received()).toEqual([]);
    });

    it('rewrites /users/me/… to the caller and refuses /users/{someone else}/…', async () => {
      const userId = randomUUID();
      const mine = await call(gateway.url, 'GET', '/api/v1/users/me/balance', { as: userId });
      expect(mine.json).toEqual({ stub: 'payment', method: 'GET', url: `/api/v1/users/${userId}/balance` });
      const theirs = await call(gateway.url, 'GET', `/api/v1/users/${randomUUID()}/balance`, { as: userId });
      expect([theirs.status, theirs.json['code']]).toEqual([403, ErrorCode.USER_MISMATCH]);
      const anonymous = await call(gateway.url, 'GET', `/api/v1/users/${userId}/balance`, { as: null });
      expect([anonymous.status, anonymous.json['code']]).toEqual([401, ErrorCode.AUTH_REQUIRED]);
      expect(payment.received).toHaveLength(1);
    });

    it.each([
      ['GET', 'schedules', (): string => `/api/v1/concerts/${CONCERT_ID}/schedules`],
      ['GET', 'seats', (): string => `/api/v1/concerts/${CONCERT_ID}/schedules/${randomUUID()}/seats`],
      ['DELETE', 'reservation', (): string => `/api/v1/reservations/${randomUUID()}`],
      ['POST', 'payments', (): string => '/api/v1/payments'],
    ] as const)('guards %s %s', async (method, _name, path) => {
      const { token } = await tokenIn('ACTIVE');
      await expect(call(gateway.url, method, path()).then((response) => response.json['code'])).resolves.toBe(ErrorCode.QUEUE_TOKEN_MISSING);
      await expect(call(gateway.url, method, path(), { headers: { 'x-queue-token': token } }).then((r) => r.status)).resolves.toBe(200);
    });

    it.each([
      ['no header', 401, ErrorCode.QUEUE_TOKEN_MISSING, async (): Promise<string | undefined> => undefined],
      ['a malformed token', 401, ErrorCode.QUEUE_TOKEN_INVALID, async (): Promise<string | undefined> => 'v1.garbage'],
      ['a token the queue never issued', 401, ErrorCode.QUEUE_TOKEN_INVALID, async (): Promise<string | undefined> => (await tokenIn('UNKNOWN')).token],
      ['a waiting token', 403, ErrorCode.QUEUE_TOKEN_NOT_ACTIVE, async (): Promise<string | undefined> => (await tokenIn('WAITING')).token],
      ['an expired token', 401, ErrorCode.QUEUE_TOKEN_EXPIRED, async (): Promise<string | undefined> => (await tokenIn('EXPIRED')).token],
      ['a token whose active time is over', 401, ErrorCode.QUEUE_TOKEN_EXPIRED, async (): Promise<string | undefined> => (await tokenIn('ACTIVE_TIME_OVER')).token],
      [
        'an ACTIVE token signed with another key',
        401,
        ErrorCode.QUEUE_TOKEN_INVALID,
        async (): Promise<string | undefined> => signQueueToken({ tid: (await tokenIn('ACTIVE')).tokenId, uid: randomUUID(), iat: 1, cid: CONCERT_ID }, 'other'),
      ],
    ] as const)('refuses %s with %i %s and forwards nothing', async (_what, status, code, tokenOf) => {
      const token = await tokenOf();
      const response = await call(gateway.url, 'GET', `/api/v1/concerts/${CONCERT_ID}/schedules`, {
        headers: token === undefined ? {} : { 'x-queue-token': token },
      });
      expect(response.status).toBe(status);
      expect(response.json).toEqual({ statusCode: status, code, message: expect.any(String), requestId: response.headers['x-request-id'] });
      expect(received()).toEqual([]);
    });

    it('refuses an ACTIVE token with one character changed', async () => {
      const { token } = await tokenIn('ACTIVE');
      const [version, body, signature] = token.split('.') as [string, string, string];
      const forgedUser = `${version}.${body.slice(0, 12)}${body[12] === 'A' ? 'B' : 'A'}${body.slice(13)}.${signature}`;
      const forgedSignature = `${version}.${body}.${signature.slice(0, 5)}${signature[5] === 'A' ? 'B' : 'A'}${signature.slice(6)}`;
      for (const forged of [forgedUser, forgedSignature]) {
        const response = await call(gateway.url, 'POST', '/api/v1/payments', {
          headers: { 'x-queue-token': forged, 'content-type': 'application/json' },
          body: JSON.stringify({ reservationId: randomUUID() }),
        });
        expect([response.status, response.json['code']]).toEqual([401, ErrorCode.QUEUE_TOKEN_INVALID]);
      }
      expect(received()).toEqual([]);
    });
  });

  describe('edge answers', () => {
    it('answers 413 PAYLOAD_TOO_LARGE to a body over 1 MB without calling a service', async () => {
      const body = JSON.stringify({ amount: 1, padding: 'x'.repeat(1_100_000) });
      const response = await call(gateway.url, 'POST', `/api/v1/users/${randomUUID()}/balance/charge`, {
        headers: { 'content-type': 'application/json' },
        body,
      });
      expect([response.status, response.json['code']]).toEqual([413, ErrorCode.PAYLOAD_TOO_LARGE]);
      expect(received()).toEqual([]);
    });

    it('reads no body: a malformed one goes to the service as it came, for the service to refuse', async () => {
      const body = '{"userId": ';
      const response = await call(gateway.url, 'POST', '/api/v1/queue/tokens', { headers: { 'content-type': 'application/json' }, body });
      expect(response.json).toEqual({ stub: 'queue', method: 'POST', url: '/api/v1/queue/tokens' });
      expect(queue.received).toEqual([expect.objectContaining({ body, headers: expect.objectContaining({ 'content-type': 'application/json' }) })]);
    });

    it.each([
      ['a malformed JSON body and no token', { 'content-type': 'application/json' }, '{"scheduleId": ', 401, ErrorCode.QUEUE_TOKEN_MISSING],
      ['a malformed JSON body and a garbage token', { 'content-type': 'application/json', 'x-queue-token': 'garbage' }, '{"scheduleId": ', 401, ErrorCode.QUEUE_TOKEN_INVALID],
      ['a form body and no token', { 'content-type': 'application/x-www-form-urlencoded' }, 'scheduleId=1&seatNo=2', 401, ErrorCode.QUEUE_TOKEN_MISSING],
      ['a body without a content type and no token', {}, 'seatNo=2', 401, ErrorCode.QUEUE_TOKEN_MISSING],
    ])('checks the queue token before anything in the body: %s', async (_case, headers, body, status, errorCode) => {
      const response = await call(gateway.url, 'POST', '/api/v1/reservations', { headers, body });
      expect([response.status, response.json['code']]).toEqual([status, errorCode]);
      expect(received()).toEqual([]);
    });

    it('forwards a body of any content type unread when the token is good', async () => {
      const { token } = await tokenIn('ACTIVE');
      const response = await call(gateway.url, 'POST', '/api/v1/reservations', {
        headers: { 'x-queue-token': token, 'content-type': 'text/plain' },
        body: 'seat 7, please',
      });
      expect(response.status).toBe(200);
      expect(received()).toEqual([expect.objectContaining({ body: 'seat 7, please', headers: expect.objectContaining({ 'content-type': 'text/plain' }) })]);
    });

    it('answers 404 ROUTE_NOT_FOUND to an unknown path, including internal service paths', async () => {
      for (const path of ['/api/v1/nothing-here', `/internal/reservations/${randomUUID()}`, '/api/v2/concerts']) {
        const response = await call(gateway.url, 'GET', path);
        expect([response.status, response.json['code']]).toEqual([404, ErrorCode.ROUTE_NOT_FOUND]);
      }
      expect(received()).toEqual([]);
    });

    it('answers 503 SERVICE_UNAVAILABLE, revealing nothing internal, when a service is down', async () => {
      const response = await call(degraded.url, 'GET', '/api/v1/concerts');
      expect(response.status).toBe(503);
      expect(response.json).toEqual({
        statusCode: 503,
        code: ErrorCode.SERVICE_UNAVAILABLE,
        message: expect.not.stringMatching(/127\.0\.0\.1|ECONN|undici|:\d{2,5}/),
        requestId: response.headers['x-request-id'],
      });
    });

    it('falls over to the next replica when one refuses connections, even for a POST', async () => {
      const { token } = await tokenIn('ACTIVE');
      const responses: number[] = [];
      for (let i = 0; i < 4; i++) {
        const response = await call(degraded.url, 'POST', '/api/v1/reservations', {
          headers: { 'x-queue-token': token, 'content-type': 'application/json' },
          body: JSON.stringify({ scheduleId: randomUUID(), seatNo: i + 1 }),
          dispatcher: clientFrom('127.0.0.4'),
        });
        responses.push(response.status);
      }
      expect(responses).toEqual([200, 200, 200, 200]);
      expect(reservationA.received).toHaveLength(4);
    });

    it('answers 429 RATE_LIMITED to a client over its rate, counting each client address apart', async () => {
      const greedy = clientFrom('127.0.0.2');
      const issue = (dispatcher: Agent) =>
        call(degraded.url, 'POST', '/api/v1/queue/tokens', {
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify({ concertId: randomUUID() }),
          dispatcher,
        });
      const started = Date.now();
      const burst = await Promise.all(Array.from({ length: 20 }, () => issue(greedy)));
      // 1 request/s with a burst of 5: exactly 5 pass, plus one per full second the burst took (normally none).
      const refilled = Math.floor((Date.now() - started) / 1000);
      const statuses = burst.map((response) => response.status);
      const passed = statuses.filter((status) => status === 200).length;
      expect(passed).toBeGreaterThanOrEqual(5);
      expect(passed).toBeLessThanOrEqual(5 + refilled);
      expect(statuses.filter((status) => status !== 200)).toEqual(Array.from({ length: 20 - passed }, () => 429));
      const limited = burst.find((response) => response.status === 429);
      expect(limited?.json).toMatchObject({ statusCode: 429, code: ErrorCode.RATE_LIMITED });
      expect(limited?.headers['retry-after']).toBe('1');
      expect(queue.received).toHaveLength(passed);
      await expect(issue(clientFrom('127.0.0.3')).then((response) => response.status)).resolves.toBe(200);
    });
  });

  describe('abuse limits', () => {
    it('counts each route budget apart: dev sign-in runs out long before the default budget', async () => {
      const client = clientFrom('127.0.0.4');
      const signIns = await Promise.all(
        Array.from({ length: 8 }, () => call(degraded.url, 'POST', '/api/v1/auth/dev-login', { headers: { 'content-type': 'application/json' }, body: '{}', dispatcher: client, as: null })),
      );
      const passed = signIns.filter((response) => response.status === 201).length;
      // 1 request/s with a window of 5 at share 1: dev sign-in (1/25) keeps its floor of 3.
      expect(passed).toBeGreaterThanOrEqual(3);
      expect(passed).toBeLessThanOrEqual(6);
      expect(signIns.filter((response) => response.status === 429).length).toBe(8 - passed);
      const other = await call(degraded.url, 'GET', '/api/v1/users/me/balance', { dispatcher: client });
      expect(other.status).toBe(200);
    });

    it('counts health checks, docs and unknown paths too (`other`), apart from the routes a buyer uses', async () => {
      const client = clientFrom('127.0.0.5');
      const flood = await Promise.all(
        ['/health', '/docs-json', '/no-such-path', '/health', '/docs-json', '/no-such-path', '/health', '/no-such-path', '/health', '/no-such-path'].map((path) =>
          call(degraded.url, 'GET', path, { dispatcher: client, as: null }),
        ),
      );
      const limited = flood.filter((response) => response.status === 429);
      // A window of 5 at share 1: at most 5 of the 10 pass in the same second (one more per full second it took).
      expect(limited.length).toBeGreaterThanOrEqual(4);
      expect(limited[0]?.json).toMatchObject({ statusCode: 429, code: ErrorCode.RATE_LIMITED });
      // The same client's own place and balance count against `me`, which the flood left alone.
      expect((await call(degraded.url, 'GET', '/api/v1/users/me/balance', { dispatcher: client })).status).toBe(200);
    });

    it('names the client by X-Forwarded-For only behind a trusted proxy (TRUST_PROXY)', async () => {
      const behindProxy = await startGateway({
        REDIS_KEY_PREFIX: PREFIX,
        QUEUE_TOKEN_SECRET: SECRET,
        QUEUE_SERVICE_URLS: queue.url,
        CONCERT_SERVICE_URLS: concert.url,
        RESERVATION_SERVICE_URLS: reservationA.url,
        PAYMENT_SERVICE_URLS: payment.url,
        RATE_LIMIT_PER_CLIENT_PER_SECOND: '1',
        RATE_LIMIT_BURST: '2',
        TRUST_PROXY: '1',
      });
      const asClient = (gatewayUrl: string, address: string) =>
        call(gatewayUrl, 'GET', '/api/v1/concerts', { headers: { 'x-forwarded-for': address }, dispatcher: clientFrom('127.0.0.8') }).then((response) => response.status);
      try {
        const first = await Promise.all(Array.from({ length: 4 }, () => asClient(behindProxy.url, '203.0.113.1')));
        expect(first.filter((status) => status === 200)).toHaveLength(2);
        expect(first.filter((status) => status === 429)).toHaveLength(2);
        await expect(asClient(behindProxy.url, '203.0.113.2')).resolves.toBe(200);
      } finally {
        await behindProxy.app.close();
      }
      // Without TRUST_PROXY the header is the client's say-so: every address is the socket's.
      const spoofed = await Promise.all(Array.from({ length: 12 }, (_, index) => asClient(degraded.url, `198.51.100.${index}`)));
      expect(spoofed.filter((status) => status === 429).length).toBeGreaterThan(0);
    });

    it('serves /metrics only with METRICS_API_KEY in X-Metrics-Key when one is set', async () => {
      const key = 'metrics-key-0123456789abcdefghijklmnop';
      const keyed = await startGateway({ REDIS_KEY_PREFIX: PREFIX, QUEUE_TOKEN_SECRET: SECRET, RATE_LIMIT_PER_CLIENT_PER_SECOND: '0', METRICS_API_KEY: key });
      try {
        const without = await call(keyed.url, 'GET', '/metrics', { as: null });
        expect([without.status, without.json['code']]).toEqual([401, ErrorCode.ADMIN_KEY_INVALID]);
        expect((await call(keyed.url, 'GET', '/metrics', { as: null, headers: { 'x-metrics-key': 'wrong' } })).status).toBe(401);
        const withKey = await call(keyed.url, 'GET', '/metrics', { as: null, headers: { 'x-metrics-key': key } });
        expect(withKey.status).toBe(200);
        expect(withKey.text).toContain('http_request_duration_seconds');
      } finally {
        await keyed.app.close();
      }
    });

    it('caps the event streams one client holds open (429), other clients still open theirs', async () => {
      const capped = await startGateway({
        REDIS_KEY_PREFIX: PREFIX,
        QUEUE_TOKEN_SECRET: SECRET,
        QUEUE_SERVICE_URLS: queue.url,
        CONCERT_SERVICE_URLS: concert.url,
        RESERVATION_SERVICE_URLS: reservationA.url,
        PAYMENT_SERVICE_URLS: payment.url,
        RATE_LIMIT_PER_CLIENT_PER_SECOND: '0',
        GATEWAY_MAX_EVENT_STREAMS_PER_CLIENT: '2',
      });
      const { token, userId } = await tokenIn('WAITING');
      const headers = { 'x-queue-token': token, ...(await signedIn(userId)) };
      const listeners: AbortController[] = [];
      const open = (address: string) => {
        const listener = new AbortController();
        listeners.push(listener);
        return httpRequest(`${capped.url}/api/v1/queue/tokens/me/events`, { headers, signal: listener.signal, dispatcher: clientFrom(address) });
      };
      try {
        const first = await Promise.all([open('127.0.0.6'), open('127.0.0.6')]);
        expect(first.map((stream) => stream.statusCode)).toEqual([200, 200]);
        for (const stream of first) stream.body.on('error', () => undefined).resume();
        const third = await open('127.0.0.6');
        expect([third.statusCode, ((await third.body.json()) as { code: string }).code]).toEqual([429, ErrorCode.RATE_LIMITED]);
        const elsewhere = await open('127.0.0.7');
        expect(elsewhere.statusCode).toBe(200);
        elsewhere.body.on('error', () => undefined).resume();
      } finally {
        for (const listener of listeners) listener.abort();
        await capped.app.close();
      }
    });
  });

  describe('operations', () => {
    it('documents exactly the public API in /docs-json and serves Swagger UI at /docs', async () => {
      const document = await call(gateway.url, 'GET', '/docs-json');
      expect(document.status).toBe(200);
      expect(document.json['info']).toMatchObject({ title: 'Concert reservation API' });
      const paths = document.json['paths'] as Record<string, Record<string, unknown>>;
      const operations = Object.entries(paths).flatMap(([path, methods]) => Object.keys(methods).map((method) => `${method.toUpperCase()} ${path}`));
      expect(operations.sort()).toEqual(
        [
          'POST /api/v1/queue/tokens',
          'GET /api/v1/queue/tokens/me',
          'GET /api/v1/queue/tokens/me/events',
          'GET /api/v1/concerts',
          'GET /api/v1/concerts/{concertId}/schedules',
          'GET /api/v1/concerts/{concertId}/schedules/{scheduleId}/seats',
          'POST /api/v1/reservations',
          'GET /api/v1/reservations/{reservationId}',
          'DELETE /api/v1/reservations/{reservationId}',
          'GET /api/v1/users/{userId}/reservations',
          'POST /api/v1/users/{userId}/balance/charge',
          'GET /api/v1/users/{userId}/balance',
          'GET /api/v1/users/{userId}/balance/history',
          'POST /api/v1/payments',
          'GET /api/v1/payments/{paymentId}',
          'GET /api/v1/users/{userId}/payments',
          'POST /api/v1/admin/concerts',
          'GET /api/v1/admin/concerts/{concertId}/waiting-room',
          'PATCH /api/v1/admin/concerts/{concertId}/waiting-room',
          'GET /api/v1/concerts/{concertId}/waiting-room/fairness',
          'POST /api/v1/queue/tokens/me/stream-tickets',
          'POST /api/v1/auth/dev-login',
          'GET /.well-known/jwks.json',
        ].sort(),
      );
      const hold = paths['/api/v1/reservations']?.['post'] as { requestBody?: unknown; parameters?: Array<{ name: string; in: string }> };
      expect(hold.requestBody).toBeDefined();
      expect(hold.parameters).toEqual(expect.arrayContaining([expect.objectContaining({ name: 'X-Queue-Token', in: 'header' })]));
      // For generated clients: verbs as operation ids, the three credentials as security schemes, and no
      // `number` anywhere (money, seat numbers and counts are integers).
      const operationIds = Object.values(paths).flatMap((methods) => Object.values(methods).map((operation) => (operation as { operationId?: string }).operationId));
      expect(operationIds.filter((id) => !id || !/^[a-z][A-Za-z]+$/.test(id) || id.includes('Controller'))).toEqual([]);
      expect(new Set(operationIds).size).toBe(operationIds.length);
      expect(operationIds).toEqual(expect.arrayContaining(['joinQueue', 'holdSeat', 'pay', 'chargeBalance', 'devLogin']));
      const components = document.json['components'] as { securitySchemes?: Record<string, unknown> };
      expect(Object.keys(components.securitySchemes ?? {}).sort()).toEqual(['adminKey', 'bearer', 'queueToken']);
      expect(JSON.stringify(document.json)).not.toContain('"type":"number"');
      const ui = await call(gateway.url, 'GET', '/docs');
      expect([ui.status, ui.headers['content-type']]).toEqual([200, expect.stringMatching(/text\/html/)]);
    });

    it('reports health of Redis and every service, naming a replica that is down', async () => {
      const healthy = await call(gateway.url, 'GET', '/health');
      expect(healthy.status).toBe(200);
      expect(Object.keys(healthy.json['info'] ?? {}).sort()).toEqual([...Object.values(UpstreamService), 'redis'].sort());
      const unhealthy = await call(degraded.url, 'GET', '/health');
      expect(unhealthy.status).toBe(503);
      const probe = degraded.app.get<HealthProbe>(upstreamHealthProbeToken(UpstreamService.Reservation));
      await expect(probe.check()).rejects.toThrow(`1 of 2 replica(s) down: ${dead} unreachable`);
    });

    it('serves Prometheus metrics, with the upstream timings', async () => {
      const metrics = await call(gateway.url, 'GET', '/metrics');
      expect(metrics.status).toBe(200);
      expect(metrics.text).toContain('gateway_upstream_request_duration_seconds_bucket');
    });
  });
});

const agents = new Map<string, Agent>();

/** A client connecting from its own loopback address, so the rate limiter sees another client. */
function clientFrom(localAddress: string): Agent {
  let agent = agents.get(localAddress);
  if (!agent) {
    agent = new Agent({ localAddress });
    agents.set(localAddress, agent);
  }
  return agent;
}

afterAll(async () => {
  await Promise.all([...agents.values()].map((agent) => agent.close()));
});

async function waitUntil(condition: () => boolean, timeoutMs = 3_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error('condition not met in time');
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}
