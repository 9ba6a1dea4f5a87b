import { DomainError, ErrorCode } from '@concert/contracts';
import { type QueueTokenState, signQueueToken } from '@concert/platform';
import type { ExecutionContext } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import type { FastifyRequest } from 'fastify';
import { type GatewayConfig, gatewayConfigSchema } from '../gateway.config';
import type { AccessTokenVerifier } from '../identity/access-token.verifier';
import { AccessGuard } from './access.guard';
import type { QueueTokenStateReader } from './queue-token-state.reader';
import { AdminKeyFailures } from './admin-key-failures';
import { identityOf } from './request-identity';
import { AdminRoute, ProtectedRoute, PublicRoute, SignedInRoute } from './route-access.decorator';
import type { StreamTickets } from './stream-tickets';

const SECRET = 'unit-secret';
const USER_ID = '5f0c9a36-2b1e-4a55-8f6e-1f1e9d2c3b4a';
const OTHER_USER = '0e9b7a52-54a1-4c57-a1c4-1a3c8f0d9e21';
const TOKEN_ID = 'c1d7d6a4-9a0e-4f7c-9a53-0f3f2d8e1b11';
const CONCERT_ID = '0192f1a4-7c3e-7b21-9d4f-2a6b8c0e1f35';
const BEARER = 'Bearer good';

class Routes {
  @ProtectedRoute() protectedRoute(): void {}
  @SignedInRoute() signedInRoute(): void {}
  @SignedInRoute({ queueToken: 'own' }) ownTokenRoute(): void {}
  @PublicRoute('dev-login') publicRoute(): void {}
  @AdminRoute() adminRoute(): void {}
  unmarkedRoute(): void {}
}

/** Strict fake: answers only the token ids it was given; any other call fails the test. */
class FakeStateReader implements QueueTokenStateReader {
  readonly calls: Array<[string, string]> = [];
  constructor(private readonly states: Record<string, QueueTokenState | Error>) {}
  async stateOf({ tokenId, userId, concertId }: { tokenId: string; userId: string; concertId: string }): Promise<QueueTokenState> {
    expect(concertId).toBe(CONCERT_ID);
    this.calls.push([tokenId, userId]);
    const state = this.states[tokenId];
    if (state === undefined) throw new Error(`unexpected state read for ${tokenId}`);
    if (state instanceof Error) throw state;
    return state;
  }
}

/** Failed admin keys counted by client address; refuses once `allowed` is used up. */
function adminKeyFailures(allowed: number) {
  const failures = new AdminKeyFailures();
  const clients: string[] = [];
  failures.use(async (request) => {
    clients.push(request.ip);
    return clients.length <= allowed;
  });
  return { failures, clients };
}

/** `Bearer good` is the user, `Bearer other` another user; anything else is refused as the real verifier would. */
const fakeVerifier = {
  async userIdOf(header: string | string[] | undefined): Promise<string> {
    if (header === undefined) throw new DomainError(ErrorCode.AUTH_REQUIRED, 'no header');
    if (header === BEARER) return USER_ID;
    if (header === 'Bearer other') return OTHER_USER;
    throw new DomainError(ErrorCode.AUTH_INVALID, 'bad token');
  },
} as AccessTokenVerifier;

const noTickets = {
  redeem: () => Promise.reject(new Error('no ticket expected')),
} as unknown as StreamTickets;

function contextFor(route: keyof Routes, headers: Record<string, string> = {}, url = '/api/v1/x', params: Record<string, string> = {}) {
  const request = { headers, ip: '10.0.0.7', url, query: {}, params } as unknown as FastifyRequest;
  const replyHeaders: Record<string, string> = {};
  const reply = {
    header(name: string, value: string) {
      replyHeaders[name] = value;
      return reply;
    },
  };
  const context = {
    getHandler: () => Routes.prototype[route],
    switchToHttp: () => ({ getRequest: () => request, getResponse: () => reply }),
  } as unknown as ExecutionContext;
  return { context, request, replyHeaders };
}

const token = (options: { secret?: string; uid?: string } = {}) => signQueueToken({ tid: TOKEN_ID, uid: options.uid ?? USER_ID, iat: 1_700_000_000, cid: CONCERT_ID }, options.secret ?? SECRET);

async function refusalOf(promise: Promise<unknown>): Promise<ErrorCode> {
  const error: unknown = await promise.then(
    () => undefined,
    (caught: unknown) => caught,
  );
  if (!(error instanceof DomainError)) throw new Error(`expected a DomainError, got ${String(error)}`);
  return error.code;
}

describe('AccessGuard', () => {
  const config: GatewayConfig = gatewayConfigSchema.parse({ QUEUE_TOKEN_SECRET: SECRET, QUEUE_TOKEN_SECRETS: 'old-secret', ADMIN_API_KEY: 'the-admin-key' });

  function guard(states: Record<string, QueueTokenState | Error> = {}, allowedAdminFailures = 100) {
    const reader = new FakeStateReader(states);
    const limiter = adminKeyFailures(allowedAdminFailures);
    return { sut: new AccessGuard(new Reflector(), config, reader, limiter.failures, fakeVerifier, noTickets), reader, limiter };
  }

  describe('protected routes', () => {
    it('let the caller through with an ACTIVE token of their own, reading its state bound to the user', async () => {
      const { sut, reader } = guard({ [TOKEN_ID]: 'ACTIVE' });
      const { context, request } = contextFor('protectedRoute', { authorization: BEARER, 'x-queue-token': token() });
      await expect(sut.canActivate(context)).resolves.toBe(true);
      expect(identityOf(request)).toEqual({ userId: USER_ID, queueTokenId: TOKEN_ID, queueConcertId: CONCERT_ID, forwardedUrl: undefined });
      expect(reader.calls).toEqual([[TOKEN_ID, USER_ID]]);
    });

    it("refuse an ACTIVE token of another concert's room on a path naming its concert (403 QUEUE_TOKEN_WRONG_ROOM), and take the token's own", async () => {
      const { sut } = guard({ [TOKEN_ID]: 'ACTIVE' });
      const other = '11111111-2222-4333-8444-555555555555';
      const elsewhere = contextFor('protectedRoute', { authorization: BEARER, 'x-queue-token': token() }, `/api/v1/concerts/${other}/schedules`, { concertId: other });
      await expect(refusalOf(sut.canActivate(elsewhere.context))).resolves.toBe(ErrorCode.QUEUE_TOKEN_WRONG_ROOM);
      expect(identityOf(elsewhere.request)).toBeUndefined();
      const own = contextFor('protectedRoute', { authorization: BEARER, 'x-queue-token': token() }, `/api/v1/concerts/${CONCERT_ID.toUpperCase()}/schedules`, { concertId: CONCERT_ID.toUpperCase() });
      await expect(sut.canActivate(own.context)).resolves.toBe(true);
    });

    it('leave a concert id that is not a UUID to the service, which answers it 400 VALIDATION_FAILED', async () => {
      const { sut } = guard({ [TOKEN_ID]: 'ACTIVE' });
      const malformed = contextFor('protectedRoute', { authorization: BEARER, 'x-queue-token': token() }, '/api/v1/concerts/nope/schedules', { concertId: 'nope' });
      await expect(sut.canActivate(malformed.context)).resolves.toBe(true);
    });

    it('accept a token signed with a previous secret (rotation)', async () => {
      const { sut } = guard({ [TOKEN_ID]: 'ACTIVE' });
      await expect(sut.canActivate(contextFor('protectedRoute', { authorization: BEARER, 'x-queue-token': token({ secret: 'old-secret' }) }).context)).resolves.toBe(true);
    });

    it('check identity first: no bearer is AUTH_REQUIRED, a bad one AUTH_INVALID, even with a good queue token', async () => {
      const { sut } = guard({ [TOKEN_ID]: 'ACTIVE' });
      await expect(refusalOf(sut.canActivate(contextFor('protectedRoute', { 'x-queue-token': token() }).context))).resolves.toBe(ErrorCode.AUTH_REQUIRED);
      await expect(refusalOf(sut.canActivate(contextFor('protectedRoute', { authorization: 'Bearer forged', 'x-queue-token': token() }).context))).resolves.toBe(
        ErrorCode.AUTH_INVALID,
      );
    });

    it('refuse the queue token of another user (QUEUE_TOKEN_NOT_OWNED), whatever its state', async () => {
      const { sut } = guard({ [TOKEN_ID]: 'ACTIVE' });
      const { context, request } = contextFor('protectedRoute', { authorization: 'Bearer other', 'x-queue-token': token() });
      await expect(refusalOf(sut.canActivate(context))).resolves.toBe(ErrorCode.QUEUE_TOKEN_NOT_OWNED);
      expect(identityOf(request)).toBeUndefined();
    });

    it('answer QUEUE_TOKEN_MISSING without a header, reading no state', async () => {
      const { sut, reader } = guard();
      await expect(refusalOf(sut.canActivate(contextFor('protectedRoute', { authorization: BEARER }).context))).resolves.toBe(ErrorCode.QUEUE_TOKEN_MISSING);
      await expect(refusalOf(sut.canActivate(contextFor('protectedRoute', { authorization: BEARER, 'x-queue-token': ' ' }).context))).resolves.toBe(
        ErrorCode.QUEUE_TOKEN_MISSING,
      );
      expect(reader.calls).toEqual([]);
    });

    it.each([
      ['garbage', 'not-a-token'],
      ['signed with another key', token({ secret: 'someone-else' })],
      ['one character changed', ((t: string) => `${t.slice(0, -3)}${t.at(-3) === 'A' ? 'B' : 'A'}${t.slice(-2)}`)(token())],
    ])('answer QUEUE_TOKEN_INVALID for a %s token, reading no state', async (_what, sent) => {
      const { sut, reader } = guard();
      await expect(refusalOf(sut.canActivate(contextFor('protectedRoute', { authorization: BEARER, 'x-queue-token': sent }).context))).resolves.toBe(
        ErrorCode.QUEUE_TOKEN_INVALID,
      );
      expect(reader.calls).toEqual([]);
    });

    it.each([
      ['UNKNOWN', ErrorCode.QUEUE_TOKEN_INVALID],
      ['WAITING', ErrorCode.QUEUE_TOKEN_NOT_ACTIVE],
      ['EXPIRED', ErrorCode.QUEUE_TOKEN_EXPIRED],
    ] as const)('answer a genuine %s token with %s', async (state, code) => {
      const { sut } = guard({ [TOKEN_ID]: state });
      const { context, request } = contextFor('protectedRoute', { authorization: BEARER, 'x-queue-token': token() });
      await expect(refusalOf(sut.canActivate(context))).resolves.toBe(code);
      expect(identityOf(request)).toBeUndefined();
    });

    it('answer SERVICE_UNAVAILABLE when the queue state cannot be read', async () => {
      const { sut } = guard({ [TOKEN_ID]: new Error('redis down') });
      await expect(refusalOf(sut.canActivate(contextFor('protectedRoute', { authorization: BEARER, 'x-queue-token': token() }).context))).resolves.toBe(
        ErrorCode.SERVICE_UNAVAILABLE,
      );
    });

  });

  describe('signed-in routes', () => {
    it('attach the subject and need no queue token', async () => {
      const { sut, reader } = guard();
      const { context, request } = contextFor('signedInRoute', { authorization: BEARER });
      await expect(sut.canActivate(context)).resolves.toBe(true);
      expect(identityOf(request)).toMatchObject({ userId: USER_ID, queueTokenId: null });
      expect(reader.calls).toEqual([]);
    });

    it("replace `me` in /users/me/… with the caller's id", async () => {
      const { sut } = guard();
      const { context, request } = contextFor('signedInRoute', { authorization: BEARER }, '/api/v1/users/me/balance?x=1');
      await sut.canActivate(context);
      expect(identityOf(request)?.forwardedUrl).toBe(`/api/v1/users/${USER_ID}/balance?x=1`);
    });

    it('refuse /users/{someone else}/… with USER_MISMATCH, in any letter case', async () => {
      const { sut } = guard();
      for (const url of [`/api/v1/users/${OTHER_USER}/balance`, `/api/v1/users/${OTHER_USER.toUpperCase()}/payments`]) {
        await expect(refusalOf(sut.canActivate(contextFor('signedInRoute', { authorization: BEARER }, url).context))).resolves.toBe(ErrorCode.USER_MISMATCH);
      }
      await expect(sut.canActivate(contextFor('signedInRoute', { authorization: BEARER }, `/api/v1/users/${USER_ID.toUpperCase()}/balance`).context)).resolves.toBe(true);
    });

    it("leave a malformed user id for the service's 400", async () => {
      const { sut } = guard();
      const { context, request } = contextFor('signedInRoute', { authorization: BEARER }, '/api/v1/users/not-a-uuid/balance');
      await expect(sut.canActivate(context)).resolves.toBe(true);
      expect(identityOf(request)?.forwardedUrl).toBeUndefined();
    });

    it('with an own-token route, refuse a missing, forged or foreign token before the service reads it', async () => {
      const { sut, reader } = guard();
      await expect(refusalOf(sut.canActivate(contextFor('ownTokenRoute', { authorization: BEARER }).context))).resolves.toBe(ErrorCode.QUEUE_TOKEN_MISSING);
      await expect(refusalOf(sut.canActivate(contextFor('ownTokenRoute', { authorization: BEARER, 'x-queue-token': 'junk' }).context))).resolves.toBe(
        ErrorCode.QUEUE_TOKEN_INVALID,
      );
      await expect(refusalOf(sut.canActivate(contextFor('ownTokenRoute', { authorization: BEARER, 'x-queue-token': token({ uid: OTHER_USER }) }).context))).resolves.toBe(
        ErrorCode.QUEUE_TOKEN_NOT_OWNED,
      );
      await expect(sut.canActivate(contextFor('ownTokenRoute', { authorization: BEARER, 'x-queue-token': token() }).context)).resolves.toBe(true);
      expect(reader.calls).toEqual([]);
    });
  });

  describe('admin routes', () => {
    it('need the admin key and count failed keys only', async () => {
      const { sut, limiter } = guard();
      await expect(sut.canActivate(contextFor('adminRoute', { 'x-admin-key': 'the-admin-key' }).context)).resolves.toBe(true);
      await expect(refusalOf(sut.canActivate(contextFor('adminRoute', { 'x-admin-key': 'guess' }).context))).resolves.toBe(ErrorCode.ADMIN_KEY_INVALID);
      await expect(refusalOf(sut.canActivate(contextFor('adminRoute').context))).resolves.toBe(ErrorCode.ADMIN_KEY_INVALID);
      expect(limiter.clients).toEqual(['10.0.0.7', '10.0.0.7']);
    });

    it('answer RATE_LIMITED, with Retry-After, to a client over its failed-key budget', async () => {
      const { sut } = guard({}, 1);
      await expect(refusalOf(sut.canActivate(contextFor('adminRoute', { 'x-admin-key': 'guess' }).context))).resolves.toBe(ErrorCode.ADMIN_KEY_INVALID);
      const { context, replyHeaders } = contextFor('adminRoute', { 'x-admin-key': 'guess-2' });
      await expect(refusalOf(sut.canActivate(context))).resolves.toBe(ErrorCode.RATE_LIMITED);
      expect(replyHeaders).toEqual({ 'retry-after': '1' });
      await expect(sut.canActivate(contextFor('adminRoute', { 'x-admin-key': 'the-admin-key' }).context)).resolves.toBe(true);
    });
  });

  it('let public routes through, ignoring any credential', async () => {
    const { sut, reader, limiter } = guard();
    const { context, request } = contextFor('publicRoute', { authorization: 'Bearer junk', 'x-queue-token': 'junk' });
    await expect(sut.canActivate(context)).resolves.toBe(true);
    expect(identityOf(request)).toBeUndefined();
    expect([reader.calls, limiter.clients]).toEqual([[], []]);
  });

  it('refuse a route without an access marking (fails closed)', async () => {
    const { sut } = guard();
    await expect(refusalOf(sut.canActivate(contextFor('unmarkedRoute').context))).resolves.toBe(ErrorCode.INTERNAL_ERROR);
  });
});
