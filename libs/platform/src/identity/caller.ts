import { type CanActivate, createParamDecorator, type ExecutionContext, Injectable, UseGuards } from '@nestjs/common';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import type { FastifyRequest } from 'fastify';
import { DomainError, ErrorCode } from '@concert/contracts';
import { toErrorBody } from '../errors/global-exception.filter';
import { CALLER_ASSERTION_HEADER, type CallerAssertionClaims, verifyCallerAssertion } from './caller-assertion';

/** Who a request to a service acts for, as the gateway's assertion says. */
export interface Caller {
  userId: string;
  /** The caller's ACTIVE queue token, on protected routes. */
  queueTokenId: string | null;
  /** The concert whose waiting room that token is for, on protected routes. */
  queueConcertId: string | null;
}

/** Paths a service answers without an assertion: probes and scrapes, which act for nobody. */
const UNASSERTED_PATHS = /^\/(health|metrics)(\/|\?|$)/;

const assertions = new WeakMap<FastifyRequest, CallerAssertionClaims>();

/**
 * Makes a service believe only the gateway: every request but health and metrics must carry a
 * genuine caller assertion made for it (401 AUTH_REQUIRED without one, AUTH_INVALID for a forged,
 * expired or replayed one), checked before routing, so even an unknown route reveals nothing.
 */
export function requireCallerAssertions(app: NestFastifyApplication, keys: readonly string[], nowMs: () => number = Date.now): void {
  app.getHttpAdapter().getInstance().addHook('onRequest', (request, reply, done) => {
    if (UNASSERTED_PATHS.test(request.url)) {
      done();
      return;
    }
    const header = request.headers[CALLER_ASSERTION_HEADER];
    const refusal =
      typeof header !== 'string' || header === ''
        ? new DomainError(ErrorCode.AUTH_REQUIRED, 'This service is reached through the gateway only')
        : undefined;
    const claims = refusal ? null : verifyCallerAssertion(header as string, keys, { method: request.method, path: request.url, nowMs: nowMs() });
    if (!claims) {
      const body = toErrorBody(refusal ?? new DomainError(ErrorCode.AUTH_INVALID, 'The caller assertion is not valid'), String(request.id));
      void reply.code(body.statusCode).send(body);
      return;
    }
    assertions.set(request, claims);
    done();
  });
}

/** The caller of a request that passed {@link requireCallerAssertions}; undefined when it acts for no user. */
export function callerOf(request: FastifyRequest): Caller | undefined {
  const claims = assertions.get(request);
  return claims?.sub ? { userId: claims.sub.toLowerCase(), queueTokenId: claims.qtid, queueConcertId: claims.qcid?.toLowerCase() ?? null } : undefined;
}

/** The authenticated caller (401 AUTH_REQUIRED on a call that acts for no user). */
export const CurrentCaller = createParamDecorator((_: unknown, context: ExecutionContext): Caller => {
  const caller = callerOf(context.switchToHttp().getRequest<FastifyRequest>());
  if (!caller) throw new DomainError(ErrorCode.AUTH_REQUIRED, 'This call needs a signed-in user');
  return caller;
});

/** Refuses (401 AUTH_REQUIRED) a call that acts for no user, before its body is validated. */
@Injectable()
export class SignedInGuard implements CanActivate {
  canActivate(context: ExecutionContext): boolean {
    if (!callerOf(context.switchToHttp().getRequest<FastifyRequest>())) {
      throw new DomainError(ErrorCode.AUTH_REQUIRED, 'This call needs a signed-in user');
    }
    return true;
  }
}

/** The route acts for a signed-in user (the caller is read with {@link CurrentCaller}). */
export const SignedIn = (): MethodDecorator & ClassDecorator => UseGuards(SignedInGuard);

/**
 * Service-to-service routes (`/internal/…`): only another service's assertion opens them, never
 * one the gateway made for a public request (401 AUTH_INVALID).
 */
@Injectable()
export class InternalCallGuard implements CanActivate {
  canActivate(context: ExecutionContext): boolean {
    const claims = assertions.get(context.switchToHttp().getRequest<FastifyRequest>());
    if (!claims || claims.iss === 'gateway') throw new DomainError(ErrorCode.AUTH_INVALID, 'This route is for other services only');
    return true;
  }
}

/**
 * A protected call on a resource of `concertId` (a schedule's, a seat's or a reservation's concert)
 * made with a queue token of another concert's room is refused (403 QUEUE_TOKEN_WRONG_ROOM).
 */
export function assertTokenRoomIs(concertId: string, caller: Caller): void {
  if (caller.queueConcertId !== null && caller.queueConcertId !== concertId.toLowerCase()) {
    throw new DomainError(ErrorCode.QUEUE_TOKEN_WRONG_ROOM, "This queue token is for another concert's waiting room");
  }
}

/** `/users/{userId}/…` names the caller, or it is refused (403 USER_MISMATCH). */
export function assertCallerIs(userId: string, caller: Caller): void {
  if (userId.toLowerCase() !== caller.userId) throw new DomainError(ErrorCode.USER_MISMATCH, 'This path names another user than the one signed in');
}
