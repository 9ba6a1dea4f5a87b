import { type CanActivate, createParamDecorator, type ExecutionContext, Injectable } from '@nestjs/common';
import { DomainError, ErrorCode, IdentityHeaders } from '@concert/contracts';
import type { FastifyRequest } from 'fastify';

/** Who calls a protected route, as the gateway forwards it after verifying the queue token. */
export interface Caller {
  userId: string;
  queueTokenId: string | null;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

function single(value: string | string[] | undefined): string | undefined {
  return Array.isArray(value) ? undefined : value;
}

/**
 * Protected routes trust the identity headers the gateway sets (services are internal) but refuse
 * a call without them. A guard, so it answers before body validation (token first, then 400).
 */
@Injectable()
export class CallerGuard implements CanActivate {
  canActivate(context: ExecutionContext): boolean {
    const request = context.switchToHttp().getRequest<FastifyRequest & { caller?: Caller }>();
    const userId = single(request.headers[IdentityHeaders.UserId]);
    if (userId === undefined || userId === '') {
      throw new DomainError(ErrorCode.QUEUE_TOKEN_MISSING, 'This call needs a queue token');
    }
    if (!UUID.test(userId)) throw new DomainError(ErrorCode.QUEUE_TOKEN_INVALID, 'The caller identity is malformed');
    const queueTokenId = single(request.headers[IdentityHeaders.QueueTokenId]);
    request.caller = { userId: userId.toLowerCase(), queueTokenId: queueTokenId ? queueTokenId.slice(0, 100) : null };
    return true;
  }
}

/** The caller established by {@link CallerGuard}. */
export const CurrentCaller = createParamDecorator((_: unknown, context: ExecutionContext): Caller => {
  const caller = context.switchToHttp().getRequest<{ caller?: Caller }>().caller;
  if (!caller) throw new Error('CurrentCaller used on a route without CallerGuard');
  return caller;
});
