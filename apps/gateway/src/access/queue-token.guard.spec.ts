import { DomainError, ErrorCode } from '@concert/contracts';
import { type QueueTokenState, signQueueToken } from '@concert/platform';
import type { ExecutionContext } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import type { FastifyRequest } from 'fastify';
import { type GatewayConfig, gatewayConfigSchema } from '../gateway.config';
import type { QueueTokenStateReader } from './queue-token-state.reader';
import { QueueTokenGuard } from './queue-token.guard';
import type { RateLimiter } from './rate-limiter';
import { identityOf } from './request-identity';
import { ProtectedRoute, PublicRoute } from './route-access.decorator';

const SECRET = 'unit-secret';
const USER_ID = '5f0c9a36-2b1e-4a55-8f6e-1f1e9d2c3b4a';
const TOKEN_ID = 'c1d7d6a4-9a0e-4f7c-9a53-0f3f2d8e1b11';

class Routes {
  @ProtectedRoute() protectedRoute(): void {}
  @PublicRoute({ rateLimited: true }) rateLimitedRoute(): void {}
  @PublicRoute() openRoute(): void {}
  unmarkedRoute(): void {}
}

/** Strict fake: answers only the token ids it was given; any other call fails the test. */
class FakeStateReader implements QueueTokenStateReader {
  readonly calls: string[] = [];
  constructor(private readonly states: Record<string, QueueTokenState | Error>) {}
  async stateOf(tokenId: string): Promise<QueueTokenState> {
    this.calls.push(tokenId);
    const state = this.states[tokenId];
    if (state === undefined) throw new Error(`unexpected state read for ${tokenId}`);
    if (state instanceof Error) throw state;
    return state;
  }
}

class FakeRateLimiter implements RateLimiter {
  readonly clients: string[] = [];
  constructor(private readonly allow: boolean) {}
  async tryAcquire(client: string): Promise<boolean> {
    this.clients.push(client);
    return this.allow;
  }
}

function contextFor(route: keyof Routes, headers: Record<string, string> = {}): { context: ExecutionContext; request: FastifyRequest; replyHeaders: Record<string, string> } {
  const request = { headers, ip: '10.0.0.7' } as unknown as FastifyRequest;
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

const token = (secret = SECRET, tid = TOKEN_ID) => signQueueToken({ tid, uid: USER_ID, iat: 1_700_000_000 }, secret);

describe('QueueTokenGuard', () => {
  const config: GatewayConfig = gatewayConfigSchema.parse({ QUEUE_TOKEN_SECRET: SECRET, QUEUE_TOKEN_SECRETS: 'old-secret' });

  function guard(states: Record<string, QueueTokenState | Error> = {}, allow = true) {
    const reader = new FakeStateReader(states);
    const limiter = new FakeRateLimiter(allow);
    return { sut: new QueueTokenGuard(new Reflector(), config, reader, limiter), reader, limiter };
  }

  async function refusalOf(promise: Promise<unknown>): Promise<ErrorCode> {
    const error: unknown = await promise.then(
      () => undefined,
      (caught: unknown) => caught,
    );
    if (!(error instanceof DomainError)) throw new Error(`expected a DomainError, got ${String(error)}`);
    return error.code;
  }

  it('lets an ACTIVE token through and attaches the token user and token id', async () => {
    const { sut, reader, limiter } = guard({ [TOKEN_ID]: 'ACTIVE' });
    const { context, request } = contextFor('protectedRoute', { 'x-queue-token': token() });
    await expect(sut.canActivate(context)).resolves.toBe(true);
    expect(identityOf(request)).toEqual({ userId: USER_ID, queueTokenId: TOKEN_ID });
    expect(reader.calls).toEqual([TOKEN_ID]);
    expect(limiter.clients).toEqual(['10.0.0.7']);
  });

  it('accepts a token signed with a previous secret (rotation)', async () => {
    const { sut } = guard({ [TOKEN_ID]: 'ACTIVE' });
    await expect(sut.canActivate(contextFor('protectedRoute', { 'x-queue-token': token('old-secret') }).context)).resolves.toBe(true);
  });

  it('answers QUEUE_TOKEN_MISSING without a header, reading no state', async () => {
    const { sut, reader } = guard();
    await expect(refusalOf(sut.canActivate(contextFor('protectedRoute').context))).resolves.toBe(ErrorCode.QUEUE_TOKEN_MISSING);
    await expect(refusalOf(sut.canActivate(contextFor('protectedRoute', { 'x-queue-token': ' ' }).context))).resolves.toBe(
      ErrorCode.QUEUE_TOKEN_MISSING,
    );
    expect(reader.calls).toEqual([]);
  });

  it.each([
    ['garbage', 'not-a-token'],
    ['signed with another key', token('someone-else')],
    ['one character changed', ((t: string) => `${t.slice(0, -3)}${t.at(-3) === 'A' ? 'B' : 'A'}${t.slice(-2)}`)(token())],
  ])('answers QUEUE_TOKEN_INVALID for a %s token, reading no state', async (_what, sent) => {
    const { sut, reader } = guard();
    await expect(refusalOf(sut.canActivate(contextFor('protectedRoute', { 'x-queue-token': sent }).context))).resolves.toBe(
      ErrorCode.QUEUE_TOKEN_INVALID,
    );
    expect(reader.calls).toEqual([]);
  });

  it.each([
    ['UNKNOWN', ErrorCode.QUEUE_TOKEN_INVALID],
    ['WAITING', ErrorCode.QUEUE_TOKEN_NOT_ACTIVE],
    ['EXPIRED', ErrorCode.QUEUE_TOKEN_EXPIRED],
  ] as const)('answers a genuine %s token with %s', async (state, code) => {
    const { sut } = guard({ [TOKEN_ID]: state });
    const { context, request } = contextFor('protectedRoute', { 'x-queue-token': token() });
    await expect(refusalOf(sut.canActivate(context))).resolves.toBe(code);
    expect(identityOf(request)).toBeUndefined();
  });

  it('answers SERVICE_UNAVAILABLE when the queue state cannot be read', async () => {
    const { sut } = guard({ [TOKEN_ID]: new Error('redis down') });
    await expect(refusalOf(sut.canActivate(contextFor('protectedRoute', { 'x-queue-token': token() }).context))).resolves.toBe(
      ErrorCode.SERVICE_UNAVAILABLE,
    );
  });

  it('answers RATE_LIMITED before looking at the token when the client is over its rate', async () => {
    const { sut } = guard({ [TOKEN_ID]: 'ACTIVE' }, false);
    const { context, request, replyHeaders } = contextFor('protectedRoute', { 'x-queue-token': token() });
    await expect(refusalOf(sut.canActivate(context))).resolves.toBe(ErrorCode.RATE_LIMITED);
    expect(identityOf(request)).toBeUndefined();
    expect(replyHeaders).toEqual({ 'retry-after': '1' });
    await expect(refusalOf(sut.canActivate(contextFor('protectedRoute').context))).resolves.toBe(ErrorCode.RATE_LIMITED);
  });

  it('counts rate-limited public routes against the rate without any token check', async () => {
    const { sut, reader, limiter } = guard({}, false);
    await expect(refusalOf(sut.canActivate(contextFor('rateLimitedRoute').context))).resolves.toBe(ErrorCode.RATE_LIMITED);
    expect(limiter.clients).toEqual(['10.0.0.7']);
    expect(reader.calls).toEqual([]);
  });

  it('lets open public routes through untouched, even with a bad token', async () => {
    const { sut, reader, limiter } = guard({}, false);
    const { context, request } = contextFor('openRoute', { 'x-queue-token': 'junk' });
    await expect(sut.canActivate(context)).resolves.toBe(true);
    expect(identityOf(request)).toBeUndefined();
    expect([reader.calls, limiter.clients]).toEqual([[], []]);
  });

  it('refuses a route marked neither public nor protected (fails closed)', async () => {
    const { sut } = guard();
    await expect(refusalOf(sut.canActivate(contextFor('unmarkedRoute').context))).resolves.toBe(ErrorCode.INTERNAL_ERROR);
  });
});
