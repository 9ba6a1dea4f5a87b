import { assertUnreachable, DomainError, ErrorCode, QUEUE_TOKEN_HEADER } from '@concert/contracts';
import { ADMIN_KEY_HEADER, AdminKey, APP_CONFIG, type QueueTokenClaims, USER_ID_PATTERN, verifyQueueToken } from '@concert/platform';
import { type CanActivate, type ExecutionContext, Inject, Injectable } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { GatewayConfig } from '../gateway.config';
import { accessRefusals } from '../gateway-metrics';
import { AccessTokenVerifier } from '../identity/access-token.verifier';
import { QUEUE_TOKEN_STATE_READER, type QueueTokenStateReader } from './queue-token-state.reader';
import { AdminKeyFailures } from './admin-key-failures';
import { attachIdentity, type CallerIdentity } from './request-identity';
import { ROUTE_ACCESS, type RouteAccess } from './route-access.decorator';
import { StreamTickets } from './stream-tickets';

/**
 * The gateway's door, on every gateway route, in the contract's order of checks (the route's rate
 * budget for the client address is counted before, in onRequest: rate-limits.ts):
 * 1. identity: the bearer access token (401 AUTH_REQUIRED / AUTH_INVALID), or the admin key on
 *    admin routes (401 ADMIN_KEY_INVALID; failed keys count against a tight budget of their own);
 * 2. the queue token, where the route takes one: present and genuinely signed (401
 *    QUEUE_TOKEN_MISSING / INVALID), of the caller (403 QUEUE_TOKEN_NOT_OWNED), and on protected
 *    routes ACTIVE in Redis for that same user (the stored user is bound to the token's `uid`),
 *    and for the room of the path's concert when the path names one (403 QUEUE_TOKEN_WRONG_ROOM;
 *    a schedule's or a reservation's concert is checked by the service that knows it, from the
 *    token's concert in the caller assertion);
 * 3. `/users/{userId}/…` names the caller (403 USER_MISMATCH), `me` standing for them.
 * The token state read and the access token check run side by side; their answers are taken in
 * that order. The identity is attached to the request for the proxy, which alone
 * tells the service who the caller is. A route without an access marking is refused (fail closed).
 */
@Injectable()
export class AccessGuard implements CanActivate {
  private readonly secrets: readonly string[];
  private readonly adminKey: AdminKey;

  constructor(
    private readonly reflector: Reflector,
    @Inject(APP_CONFIG) config: GatewayConfig,
    @Inject(QUEUE_TOKEN_STATE_READER) private readonly tokenStates: QueueTokenStateReader,
    @Inject(AdminKeyFailures) private readonly adminKeyFailures: AdminKeyFailures,
    @Inject(AccessTokenVerifier) private readonly verifier: AccessTokenVerifier,
    @Inject(StreamTickets) private readonly streamTickets: StreamTickets,
  ) {
    this.secrets = config.queueTokenSecrets;
    this.adminKey = new AdminKey(config.ADMIN_API_KEY);
  }

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const access = this.reflector.get<RouteAccess | undefined>(ROUTE_ACCESS, context.getHandler());
    if (!access) throw new DomainError(ErrorCode.INTERNAL_ERROR, 'Route has no access marking');
    const request = context.switchToHttp().getRequest<FastifyRequest>();
    const reply = context.switchToHttp().getResponse<FastifyReply>();

    switch (access.kind) {
      case 'public':
        return true;
      case 'admin':
        if (!this.adminKey.matches(request.headers[ADMIN_KEY_HEADER])) {
          await this.within(this.adminKeyFailures.withinBudget(request), reply);
          throw refusal(ErrorCode.ADMIN_KEY_INVALID, 'X-Admin-Key is missing or wrong');
        }
        return true;
      case 'signed-in':
      case 'protected':
        attachIdentity(request, await this.callerOf(request, access));
        return true;
      default:
        return assertUnreachable(access);
    }
  }

  private async callerOf(request: FastifyRequest, access: Extract<RouteAccess, { kind: 'signed-in' | 'protected' }>): Promise<CallerIdentity> {
    const ticket = ticketOf(request);
    if (ticket !== undefined && request.headers.authorization === undefined && access.kind === 'signed-in' && access.queueToken === 'own') {
      return this.streamTickets.redeem(ticket, request.url);
    }
    const userId = settle(this.verifier.userIdOf(request.headers.authorization));
    const takesToken = access.kind === 'protected' || access.queueToken === 'own';
    const claims = takesToken ? settle(Promise.resolve().then(() => this.claimsOf(request.headers[QUEUE_TOKEN_HEADER]))) : undefined;
    const state = access.kind === 'protected' ? claims?.then((outcome) => (outcome.ok ? settle(this.stateOf(outcome.value)) : undefined)) : undefined;

    const user = await userId;
    if (!user.ok) throw user.error;
    let queueTokenId: string | null = null;
    let queueConcertId: string | null = null;
    if (claims) {
      const token = await claims;
      if (!token.ok) throw token.error;
      if (token.value.uid !== user.value) throw refusal(ErrorCode.QUEUE_TOKEN_NOT_OWNED, 'This queue token belongs to another user');
      const active = await state;
      if (active && !active.ok) throw active.error;
      if (access.kind === 'protected') assertRoomOfPath(request, token.value.cid);
      queueTokenId = token.value.tid;
      queueConcertId = token.value.cid;
    }
    return { userId: user.value, queueTokenId, queueConcertId, forwardedUrl: forUser(request, user.value) };
  }

  private async within(allowed: Promise<boolean>, reply: FastifyReply): Promise<void> {
    if (await allowed) return;
    // Failed keys are counted per second.
    void reply.header('retry-after', '1');
    throw refusal(ErrorCode.RATE_LIMITED, 'Too many failed admin keys from this client; slow down');
  }

  /** Resolves when the token is ACTIVE for its own user; rejects with the contract's queue token error. */
  private async stateOf(claims: QueueTokenClaims): Promise<void> {
    let state;
    try {
      state = await this.tokenStates.stateOf({ tokenId: claims.tid, userId: claims.uid, concertId: claims.cid });
    } catch {
      throw new DomainError(ErrorCode.SERVICE_UNAVAILABLE, 'Queue state is unavailable; try again shortly');
    }
    switch (state) {
      case 'ACTIVE':
        return;
      case 'WAITING':
        throw refusal(ErrorCode.QUEUE_TOKEN_NOT_ACTIVE, 'Queue token is still waiting in the queue');
      case 'EXPIRED':
        throw refusal(ErrorCode.QUEUE_TOKEN_EXPIRED, 'Queue token has expired');
      case 'UNKNOWN':
        throw refusal(ErrorCode.QUEUE_TOKEN_INVALID, 'Queue token is unknown');
      default:
        return assertUnreachable(state);
    }
  }

  /** The claims of a present, genuinely signed token; otherwise the contract's 401. */
  private claimsOf(header: string | string[] | undefined): QueueTokenClaims {
    const token = Array.isArray(header) ? header.join(',') : header;
    if (token === undefined || token.trim() === '') {
      throw refusal(ErrorCode.QUEUE_TOKEN_MISSING, 'X-Queue-Token header is required');
    }
    const claims = verifyQueueToken(token.trim(), this.secrets);
    if (!claims) throw refusal(ErrorCode.QUEUE_TOKEN_INVALID, 'Queue token is malformed or forged');
    return claims;
  }
}

/**
 * A path that names its concert (`/concerts/{concertId}/…`) takes only a token of that concert's
 * room. A concert id that is not a UUID names no room: the service answers it 400 VALIDATION_FAILED.
 */
function assertRoomOfPath(request: FastifyRequest, tokenConcertId: string): void {
  const params = request.params as Record<string, string | undefined> | undefined;
  const concertId = params?.concertId === undefined ? undefined : decoded(params.concertId);
  if (concertId !== undefined && USER_ID_PATTERN.test(concertId) && concertId.toLowerCase() !== tokenConcertId.toLowerCase()) {
    throw refusal(ErrorCode.QUEUE_TOKEN_WRONG_ROOM, "This queue token is for another concert's waiting room");
  }
}

const USERS_PATH = /^\/api\/v1\/users\/([^/?]+)(?=[/?]|$)/;

/**
 * The URL to forward for the caller: `/users/me/…` names the caller's id; `/users/{userId}/…` of
 * anyone else is refused (a malformed id goes on, for the service's 400).
 */
function forUser(request: FastifyRequest, userId: string): string | undefined {
  const match = USERS_PATH.exec(request.url);
  if (!match?.[1]) return undefined;
  const named = decoded(match[1]);
  if (named === 'me') return request.url.replace(USERS_PATH, `/api/v1/users/${userId}`);
  if (USER_ID_PATTERN.test(named) && named.toLowerCase() !== userId) {
    throw refusal(ErrorCode.USER_MISMATCH, 'This path names another user than the one signed in');
  }
  return undefined;
}

function decoded(segment: string): string {
  try {
    return decodeURIComponent(segment);
  } catch {
    return segment;
  }
}

/** A stream ticket stands in for the headers on the event stream only (EventSource sends none). */
function ticketOf(request: FastifyRequest): string | undefined {
  if (request.method !== 'GET' || !request.url.startsWith('/api/v1/queue/tokens/me/events')) return undefined;
  const query = request.query as Record<string, unknown> | undefined;
  return typeof query?.ticket === 'string' ? query.ticket : undefined;
}

function refusal(code: ErrorCode, message: string): DomainError {
  accessRefusals.inc({ code });
  return new DomainError(code, message);
}

type Outcome<T> = { ok: true; value: T } | { ok: false; error: unknown };

/** Lets checks run side by side without an unhandled rejection when an earlier one decides. */
function settle<T>(promise: Promise<T>): Promise<Outcome<T>> {
  return promise.then(
    (value): Outcome<T> => ({ ok: true, value }),
    (error: unknown): Outcome<T> => ({ ok: false, error }),
  );
}
