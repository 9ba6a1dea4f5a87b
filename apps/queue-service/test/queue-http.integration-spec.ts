import { randomUUID } from 'node:crypto';
import { CALLER_ASSERTION_HEADER, signCallerAssertion, signQueueToken } from '@concert/platform';
import { assertionHeaders, waitFor } from '@concert/testing';
import { ExpirePaidTokenUseCase } from '../src/queue/application/expire-paid-token/expire-paid-token.use-case';
import { QueueStatusStreamHub } from '../src/queue/api/queue-status-stream.hub';
import { QueueRedisKeys } from '../src/queue/infrastructure/redis/queue-redis-keys';
import { openEventStream } from './event-stream-client';
import { FakeConcertDirectory } from './fakes';
import { dropRedisPrefix, prefixedRedis, uniqueRedisPrefix } from './redis-test-support';
import { http, joinQueue, myPlace, resetHttpAgent, type RunningQueueApp, startQueueApp, TEST_CONCERT_ID } from './queue-test-app';

/** queue-service through its HTTP API: app instances in this process, real Redis, real parallel requests. */
describe('queue-service over HTTP', () => {
  const running: RunningQueueApp[] = [];
  const prefixes: string[] = [];

  async function start(env: Record<string, string>, instances = 1, options: Parameters<typeof startQueueApp>[1] = {}): Promise<RunningQueueApp[]> {
    const prefix = uniqueRedisPrefix('http');
    prefixes.push(prefix);
    const apps = await Promise.all(Array.from({ length: instances }, () => startQueueApp({ REDIS_KEY_PREFIX: prefix, ...env }, options)));
    running.push(...apps);
    return apps;
  }

  afterEach(async () => {
    await resetHttpAgent();
    await Promise.all(running.splice(0).map((app) => app.close()));
    await Promise.all(prefixes.splice(0).map((prefix) => dropRedisPrefix(prefix)));
  });

  afterAll(async () => {
    await resetHttpAgent();
  });

  it('gives 500 concurrent joins over two instances the positions 1..500 exactly, each its own token', async () => {
    const [a, b] = await start({ QUEUE_MAX_ACTIVE_USERS: '0' }, 2);
    const users = Array.from({ length: 500 }, () => randomUUID());

    const responses = await Promise.all(users.map((userId, index) => joinQueue(index % 2 === 0 ? a.url : b.url, userId)));

    expect(responses.map((response) => response.status)).toEqual(users.map(() => 201));
    expect(responses.map((response) => response.body.position).sort((x, y) => (x ?? 0) - (y ?? 0))).toEqual(users.map((_, index) => index + 1));
    expect(new Set(responses.map((response) => response.body.token)).size).toBe(500);
    expect(responses.every((response, index) => response.body.userId === users[index] && response.body.status === 'WAITING')).toBe(true);
    expect(responses.every((response) => response.body.concertId === TEST_CONCERT_ID && response.body.opensAt === null)).toBe(true);
    // Nobody moved: polling (on either instance) answers each the place it was given.
    const polls = await Promise.all(responses.map((response, index) => myPlace(index % 2 === 0 ? b.url : a.url, response.body.token)));
    expect(polls.map((poll) => poll.body.position)).toEqual(responses.map((response) => response.body.position));
    // The estimate grows with the position.
    const estimates = [...responses].sort((x, y) => (x.body.position ?? 0) - (y.body.position ?? 0)).map((response) => response.body.estimatedWaitSeconds);
    expect(estimates[0]).toBeGreaterThan(0);
    expect(estimates.every((estimate, index) => index === 0 || estimate >= estimates[index - 1])).toBe(true);
  });

  it('gives one user asking 20 times at once over two instances, in either case of the id, one place: one 201, nineteen 200, one token', async () => {
    const [a, b] = await start({ QUEUE_MAX_ACTIVE_USERS: '0' }, 2);
    await joinQueue(a.url, randomUUID());
    const userId = randomUUID();

    const responses = await Promise.all(
      Array.from({ length: 20 }, (_, index) => joinQueue(index % 2 === 0 ? a.url : b.url, index % 4 < 2 ? userId : userId.toUpperCase())),
    );

    expect(responses.filter((response) => response.status === 201)).toHaveLength(1);
    expect(responses.filter((response) => response.status === 200)).toHaveLength(19);
    expect(new Set(responses.map((response) => response.body.token)).size).toBe(1);
    expect(new Set(responses.map((response) => response.body.position))).toEqual(new Set([2]));
    expect(new Set(responses.map((response) => response.body.userId))).toEqual(new Set([userId]));
    const redis = prefixedRedis(a.config.REDIS_KEY_PREFIX);
    await expect(redis.zcard(QueueRedisKeys.waiting(TEST_CONCERT_ID))).resolves.toBe(2);
    await redis.quit();
  });

  it('admits a user who joins a system with free slots at once: 201 ACTIVE with the end of the window', async () => {
    const [app] = await start({ QUEUE_MAX_ACTIVE_USERS: '10', QUEUE_ACTIVE_SECONDS: '600' });
    const before = Date.now();

    const response = await joinQueue(app.url, randomUUID());

    expect(response.status).toBe(201);
    expect(response.body).toMatchObject({ status: 'ACTIVE', position: null, estimatedWaitSeconds: 0 });
    const expiresAt = Date.parse(response.body.expiresAt as string);
    expect(expiresAt).toBeGreaterThanOrEqual(before + 600_000);
    expect(expiresAt).toBeLessThanOrEqual(Date.now() + 600_000);
  });

  it('answers 401 QUEUE_TOKEN_MISSING / QUEUE_TOKEN_INVALID on me and me/events, and 400 for a bad concertId', async () => {
    const [app] = await start({});
    const { body } = await joinQueue(app.url, randomUUID());
    const forged = `${body.token.slice(0, -3)}${body.token.at(-3) === 'A' ? 'B' : 'A'}${body.token.slice(-2)}`;
    const neverIssued = signQueueToken({ tid: randomUUID(), uid: randomUUID(), iat: 1, cid: TEST_CONCERT_ID }, app.config.QUEUE_TOKEN_SECRET);

    await expect(myPlace(app.url)).resolves.toMatchObject({ status: 401, body: { code: 'QUEUE_TOKEN_MISSING' } });
    await expect(myPlace(app.url, forged)).resolves.toMatchObject({ status: 401, body: { code: 'QUEUE_TOKEN_INVALID' } });
    await expect(myPlace(app.url, 'garbage')).resolves.toMatchObject({ status: 401, body: { code: 'QUEUE_TOKEN_INVALID' } });
    await expect(myPlace(app.url, neverIssued)).resolves.toMatchObject({ status: 401, body: { code: 'QUEUE_TOKEN_INVALID' } });
    await expect(http(`${app.url}/api/v1/queue/tokens/me/events`, { headers: { 'x-queue-token': forged }, caller: body.userId })).resolves.toMatchObject({
      status: 401,
      body: { code: 'QUEUE_TOKEN_INVALID' },
    });
    await expect(http(`${app.url}/api/v1/queue/tokens`, { method: 'POST', body: { concertId: 'nope' }, caller: randomUUID() })).resolves.toMatchObject({
      status: 400,
      body: { code: 'VALIDATION_FAILED' },
    });
    await expect(myPlace(app.url, body.token)).resolves.toMatchObject({ status: 200, body: { token: body.token, status: 'ACTIVE' } });
  });

  it('refuses a call without a caller assertion (401 AUTH_REQUIRED) or with a forged, expired or misdirected one (401 AUTH_INVALID); /health and /metrics need none', async () => {
    const [app] = await start({});
    const userId = randomUUID();
    const join = (headers: Record<string, string>) => http(`${app.url}/api/v1/queue/tokens`, { method: 'POST', body: { concertId: TEST_CONCERT_ID }, headers });
    const signed = (claims: { m: string; p: string }, key = app.config.INTERNAL_ASSERTION_KEY, nowMs = Date.now()) => ({
      [CALLER_ASSERTION_HEADER]: signCallerAssertion({ sub: userId, qtid: null, iss: 'gateway', ...claims }, key, nowMs),
    });

    await expect(join({})).resolves.toMatchObject({ status: 401, body: { code: 'AUTH_REQUIRED' } });
    await expect(join({ 'x-user-id': userId })).resolves.toMatchObject({ status: 401, body: { code: 'AUTH_REQUIRED' } });
    await expect(join(assertionHeaders('POST', '/api/v1/queue/tokens', userId, null, 'not-the-internal-assertion-key'))).resolves.toMatchObject({
      status: 401,
      body: { code: 'AUTH_INVALID' },
    });
    await expect(join({ [CALLER_ASSERTION_HEADER]: 'ca1.garbage.garbage' })).resolves.toMatchObject({ status: 401, body: { code: 'AUTH_INVALID' } });
    await expect(join(signed({ m: 'POST', p: '/api/v1/queue/tokens' }, undefined, Date.now() - 60_000))).resolves.toMatchObject({
      status: 401,
      body: { code: 'AUTH_INVALID' },
    });
    // Made for another request: another method, another path, or the same path without its query.
    await expect(join(signed({ m: 'GET', p: '/api/v1/queue/tokens' }))).resolves.toMatchObject({ status: 401, body: { code: 'AUTH_INVALID' } });
    await expect(join(signed({ m: 'POST', p: '/api/v1/queue/tokens/me' }))).resolves.toMatchObject({ status: 401, body: { code: 'AUTH_INVALID' } });
    await expect(
      http(`${app.url}/api/v1/queue/tokens/me?again=1`, { headers: assertionHeaders('GET', '/api/v1/queue/tokens/me', userId) }),
    ).resolves.toMatchObject({ status: 401, body: { code: 'AUTH_INVALID' } });
    // Refused before routing: an unknown route reveals nothing either.
    await expect(http(`${app.url}/api/v1/nowhere`)).resolves.toMatchObject({ status: 401, body: { code: 'AUTH_REQUIRED' } });
    await expect(http(`${app.url}/api/v1/queue/tokens/me/events`)).resolves.toMatchObject({ status: 401, body: { code: 'AUTH_REQUIRED' } });
    const redis = prefixedRedis(app.config.REDIS_KEY_PREFIX);
    await expect(redis.zcard(QueueRedisKeys.waiting(TEST_CONCERT_ID))).resolves.toBe(0);
    await expect(redis.zcard(QueueRedisKeys.active(TEST_CONCERT_ID))).resolves.toBe(0);
    await redis.quit();

    await expect(http(`${app.url}/health`)).resolves.toMatchObject({ status: 200 });
    expect((await fetch(`${app.url}/metrics`)).status).toBe(200);
    await expect(joinQueue(app.url, userId)).resolves.toMatchObject({ status: 201, body: { userId } });
  });

  it('acts for the caller the assertion names: never a user in the body (400), nobody is 401, and another user\u2019s token is 403', async () => {
    const [app] = await start({ QUEUE_MAX_ACTIVE_USERS: '0' });
    const alice = randomUUID();
    const bob = randomUUID();

    await expect(http(`${app.url}/api/v1/queue/tokens`, { method: 'POST', body: { concertId: TEST_CONCERT_ID, userId: alice }, caller: alice })).resolves.toMatchObject({
      status: 400,
      body: { code: 'VALIDATION_FAILED' },
    });
    await expect(http(`${app.url}/api/v1/queue/tokens`, { method: 'POST', body: { userId: alice }, caller: alice })).resolves.toMatchObject({
      status: 400,
      body: { code: 'VALIDATION_FAILED' },
    });
    // A genuine assertion that acts for no user (an internal call) cannot join or read a place.
    await expect(http(`${app.url}/api/v1/queue/tokens`, { method: 'POST', body: { concertId: TEST_CONCERT_ID }, caller: null })).resolves.toMatchObject({
      status: 401,
      body: { code: 'AUTH_REQUIRED' },
    });

    // The place is the caller's, in the lower-case form of the id every service uses.
    const joined = await joinQueue(app.url, alice.toUpperCase());
    expect(joined).toMatchObject({ status: 201, body: { userId: alice, concertId: TEST_CONCERT_ID, status: 'WAITING', position: 1, opensAt: null } });
    await expect(myPlace(app.url, joined.body.token, null)).resolves.toMatchObject({ status: 401, body: { code: 'AUTH_REQUIRED' } });
    await expect(myPlace(app.url, joined.body.token, bob)).resolves.toMatchObject({ status: 403, body: { code: 'QUEUE_TOKEN_NOT_OWNED' } });
    await expect(
      http(`${app.url}/api/v1/queue/tokens/me/events`, { headers: { 'x-queue-token': joined.body.token }, caller: bob }),
    ).resolves.toMatchObject({ status: 403, body: { code: 'QUEUE_TOKEN_NOT_OWNED' } });
    await expect(myPlace(app.url, joined.body.token, alice)).resolves.toMatchObject({ status: 200, body: { token: joined.body.token, userId: alice, position: 1 } });
    // Bob joining gets a place of his own, behind Alice's.
    await expect(joinQueue(app.url, bob)).resolves.toMatchObject({ status: 201, body: { userId: bob, position: 2 } });
  });

  it('refuses a join for a concert that does not exist (404 CONCERT_NOT_FOUND) without giving a place', async () => {
    const known = randomUUID();
    const concerts = new FakeConcertDirectory([known]);
    const [app] = await start({ QUEUE_MAX_ACTIVE_USERS: '0' }, 1, { concertDirectory: concerts });
    const userId = randomUUID();
    const unknown = randomUUID();

    await expect(joinQueue(app.url, userId, unknown)).resolves.toMatchObject({ status: 404, body: { code: 'CONCERT_NOT_FOUND' } });
    const redis = prefixedRedis(app.config.REDIS_KEY_PREFIX);
    await expect(redis.zcard(QueueRedisKeys.waiting(unknown))).resolves.toBe(0);
    await expect(redis.exists(QueueRedisKeys.user(unknown, userId))).resolves.toBe(0);
    await redis.quit();

    const joined = await joinQueue(app.url, userId, known.toUpperCase());
    expect(joined).toMatchObject({ status: 201, body: { userId, concertId: known, position: 1 } });
    expect(concerts.asked.map((question) => question.concertId)).toEqual([unknown, known]);
    // The request id of the join goes along to concert-service.
    expect(concerts.asked.every((question) => typeof question.requestId === 'string' && question.requestId.length > 0)).toBe(true);
  });

  it('lets idle waiting users leave (real time); polling or an open event stream keeps a user in the queue', async () => {
    const [app] = await start({ QUEUE_MAX_ACTIVE_USERS: '0', QUEUE_WAITING_IDLE_SECONDS: '2', QUEUE_ADMIT_INTERVAL_MS: '100', QUEUE_EVENTS_TICK_MS: '100' });
    const idleFirst = await joinQueue(app.url, randomUUID());
    const poller = await joinQueue(app.url, randomUUID());
    const idleSecond = await joinQueue(app.url, randomUUID());
    const streamer = await joinQueue(app.url, randomUUID());
    const stream = await openEventStream(app.url, streamer.body.token);
    await expect(stream.next((event) => event.status === 'WAITING')).resolves.toMatchObject({ position: 4 });

    // Idle limit 2 s: polling every 200 ms keeps a margin for a slow machine; 3.2 s outlasts the limit plus a round.
    const stopAt = Date.now() + 3_200;
    while (Date.now() < stopAt) {
      await myPlace(app.url, poller.body.token);
      await new Promise((resolve) => setTimeout(resolve, 200));
    }

    await expect(myPlace(app.url, idleFirst.body.token)).resolves.toMatchObject({ status: 200, body: { status: 'EXPIRED', position: null } });
    await expect(myPlace(app.url, idleSecond.body.token)).resolves.toMatchObject({ status: 200, body: { status: 'EXPIRED' } });
    await expect(myPlace(app.url, poller.body.token)).resolves.toMatchObject({ body: { status: 'WAITING', position: 1 } });
    await expect(stream.next((event) => event.position === 2)).resolves.toMatchObject({ status: 'WAITING' });
    stream.close();
    // Idle users may join again, at the back.
    await expect(joinQueue(app.url, idleFirst.body.userId)).resolves.toMatchObject({ status: 201, body: { position: 3 } });
  });

  it('ends active windows (real time) and fills the freed slots in queue order', async () => {
    const [app] = await start({ QUEUE_MAX_ACTIVE_USERS: '1', QUEUE_ACTIVE_SECONDS: '1', QUEUE_ADMIT_INTERVAL_MS: '100' });
    const first = await joinQueue(app.url, randomUUID());
    const second = await joinQueue(app.url, randomUUID());
    const third = await joinQueue(app.url, randomUUID());
    expect([first.body.status, second.body.position, third.body.position]).toEqual(['ACTIVE', 1, 2]);

    await waitFor(async () => expect((await myPlace(app.url, second.body.token)).body.status).toBe('ACTIVE'), { timeoutMs: 3_000, intervalMs: 50 });

    await expect(myPlace(app.url, first.body.token)).resolves.toMatchObject({ body: { status: 'EXPIRED' } });
    await expect(myPlace(app.url, third.body.token)).resolves.toMatchObject({ body: { status: 'WAITING', position: 1 } });
  });

  it('pushes status changes over Server-Sent Events and forgets streams whose client went away', async () => {
    const [app] = await start({ QUEUE_MAX_ACTIVE_USERS: '1', QUEUE_ADMIT_INTERVAL_MS: '100', QUEUE_EVENTS_TICK_MS: '50' });
    const holder = await joinQueue(app.url, randomUUID());
    const next = await joinQueue(app.url, randomUUID());
    const hub = app.app.get(QueueStatusStreamHub);

    const stream = await openEventStream(app.url, next.body.token);
    expect(stream.status).toBe(200);
    expect(stream.contentType).toMatch(/^text\/event-stream/);
    await expect(stream.next((event) => event.status === 'WAITING')).resolves.toMatchObject({ position: 1, token: next.body.token });
    expect(hub.size).toBe(1);

    // The holder pays: the slot goes to the next user, whose stream says so.
    await app.app.get(ExpirePaidTokenUseCase).execute({ concertId: TEST_CONCERT_ID, queueTokenId: null, userId: holder.body.userId, paidAtMs: Date.now(), sagaLatencyMs: null });
    const admitted = await stream.next((event) => event.status === 'ACTIVE');
    expect(admitted).toMatchObject({ position: null, estimatedWaitSeconds: 0, userId: next.body.userId });
    expect(stream.events.map((event) => event.status)).toEqual(['WAITING', 'ACTIVE']);

    stream.close();
    await waitFor(() => expect(hub.size).toBe(0), { timeoutMs: 2_000, intervalMs: 20 });

    // A stream on an expired token sends EXPIRED once and ends.
    const ended = await openEventStream(app.url, holder.body.token);
    await expect(ended.next((event) => event.status === 'EXPIRED')).resolves.toBeDefined();
    await waitFor(() => expect(ended.ended()).toBe(true), { timeoutMs: 2_000, intervalMs: 20 });
  });

  it('serves /health and the queue metrics', async () => {
    const [app] = await start({ QUEUE_ADMIT_INTERVAL_MS: '50' });
    await joinQueue(app.url, randomUUID());

    await expect(http(`${app.url}/health`)).resolves.toMatchObject({ status: 200, body: { status: 'ok', info: { redis: { status: 'up' } } } });
    const metrics = await waitFor(async () => {
      const text = await (await fetch(`${app.url}/metrics`)).text();
      expect(text).toMatch(/^queue_active_users\{[^}]*\} 1$/m);
      return text;
    });
    expect(metrics).toMatch(/^queue_admissions_total\{[^}]*\} [1-9]/m);
    expect(metrics).toMatch(/^queue_join_to_admission_seconds_count\{[^}]*\} [1-9]/m);
    expect(metrics).toMatch(/^queue_waiting_users\{[^}]*\} 0$/m);
  });
});
