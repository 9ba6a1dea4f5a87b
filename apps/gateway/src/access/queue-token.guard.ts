import { assertUnreachable, DomainError, ErrorCode, QUEUE_TOKEN_HEADER } from '@concert/contracts';
import { ADMIN_KEY_HEADER, AdminKey, APP_CONFIG, type QueueTokenClaims, verifyQueueToken } from '@concert/platform';
import { type CanActivate, type ExecutionContext, Inject, Injectable } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { GatewayConfig } from '../gateway.config';
import { accessRefusals } from '../gateway-metrics';
import type { CallerIdentity } from '../proxy/forwarded-headers';
import { QUEUE_TOKEN_STATE_READER, type QueueTokenStateReader } from './queue-token-state.reader';
import { RATE_LIMITER, type RateLimiter } from './rate-limiter';
import { attachIdentity } from './request-identity';
import { ROUTE_ACCESS, type RouteAccess } from './route-access.decorator';

/**
 * The gateway's admission check, on every gateway route:
 * - protected routes need an ACTIVE queue token. The signature is checked here, without I/O
 *   (missing → 401 QUEUE_TOKEN_MISSING, malformed/forged → 401 QUEUE_TOKEN_INVALID); the state
 *   is then read from Redis in one round trip (unknown → 401 QUEUE_TOKEN_INVALID, waiting → 403
 *   QUEUE_TOKEN_NOT_ACTIVE, expired → 401 QUEUE_TOKEN_EXPIRED). The token's user and token id
 *   are attached to the request for the proxy to forward — the client never chooses them.
 * - rate-limited routes (token issue, protected routes) count against the client's rate
 *   (429 RATE_LIMITED, which wins over the token's answer). The rate limit call and the token
 *   state read are issued together, so both ride the same Redis round trip.
 * - routes whose service reads a credential itself have it checked here first, so that nothing
 *   the gateway checks after this guard (the query parameters) answers before it: the queue
 *   token of `me` (present and genuinely signed; its state is queue-service's answer) and the
 *   admin key (401 ADMIN_KEY_INVALID).
 * A route without an access marking is refused: the gateway fails closed.
 */
@Injectable()
export class QueueTokenGuard implements CanActivate {
  private readonly secrets: readonly string[];
  private readonly adminKey: AdminKey;

  constructor(
    private readonly reflector: Reflector,
    @Inject(APP_CONFIG) config: GatewayConfig,
    @Inject(QUEUE_TOKEN_STATE_READER) private readonly tokenStates: QueueTokenStateReader,
    @Inject(RATE_LIMITER) private readonly rateLimiter: RateLimiter,
  ) {
    this.secrets = config.queueTokenSecrets;
    this.adminKey = new AdminKey(config.ADMIN_API_KEY);
  }

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const access = this.reflector.get<RouteAccess | undefined>(ROUTE_ACCESS, context.getHandler());
    if (!access) throw new DomainError(ErrorCode.INTERNAL_ERROR, 'Route is not marked public or protected');
    if (!access.protected && !access.rateLimited && !access.credential) return true;

    const request = context.switchToHttp().getRequest<FastifyRequest>();
    const withinRate = access.rateLimited ? this.rateLimiter.tryAcquire(request.ip) : Promise.resolve(true);
    const identity = access.protected ? settle(this.identityOf(request.headers[QUEUE_TOKEN_HEADER])) : undefined;

    if (!(await withinRate)) {
      // The client's allowance refills every second.
      void context.switchToHttp().getResponse<FastifyReply>().header('retry-after', '1');
      throw refusal(ErrorCode.RATE_LIMITED, 'Too many requests from this client; slow down');
    }
    if (identity) {
      const outcome = await identity;
      if (!outcome.ok) throw outcome.error;
      attachIdentity(request, outcome.value);
    }
    if (access.credential === 'queue-token') this.claimsOf(request.headers[QUEUE_TOKEN_HEADER]);
    if (access.credential === 'admin-key' && !this.adminKey.matches(request.headers[ADMIN_KEY_HEADER])) {
      throw refusal(ErrorCode.ADMIN_KEY_INVALID, 'X-Admin-Key is missing or wrong');
    }
    return true;
  }

  /** Resolves to the caller's identity, or rejects with the contract's queue token error. */
  async identityOf(header: string | string[] | undefined): Promise<CallerIdentity> {
    const claims = this.claimsOf(header);
    let state;
    try {
      state = await this.tokenStates.stateOf(claims.tid);
    } catch {
      throw new DomainError(ErrorCode.SERVICE_UNAVAILABLE, 'Queue state is unavailable; try again shortly');
    }
    switch (state) {
      case 'ACTIVE':
        return { userId: claims.uid, queueTokenId: claims.tid };
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

function refusal(code: ErrorCode, message: string): DomainError {
  accessRefusals.inc({ code });
  return new DomainError(code, message);
}

type Outcome<T> = { ok: true; value: T } | { ok: false; error: unknown };

/** Lets two checks run side by side without an unhandled rejection when the first one decides. */
function settle<T>(promise: Promise<T>): Promise<Outcome<T>> {
  return promise.then(
    (value): Outcome<T> => ({ ok: true, value }),
    (error: unknown): Outcome<T> => ({ ok: false, error }),
  );
}
