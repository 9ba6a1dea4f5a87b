import { type CanActivate, createParamDecorator, type ExecutionContext, Injectable } from '@nestjs/common';
import { DomainError, ErrorCode, IdentityHeaders } from '@concert/contracts';
import type { FastifyRequest } from 'fastify';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

type RequestWithCaller = FastifyRequest & { callerUserId?: string };

/**
 * Protected routes trust the x-user-id header the gateway sets after verifying the queue token
 * (services are internal), and refuse a call without it. A guard, so it answers before the body
 * is validated: token first, then 400, as the contract orders the checks.
 */
@Injectable()
export class CallerGuard implements CanActivate {
  canActivate(context: ExecutionContext): boolean {
    const request = context.switchToHttp().getRequest<RequestWithCaller>();
    const header = request.headers[IdentityHeaders.UserId];
    const userId = Array.isArray(header) ? undefined : header;
    if (userId === undefined || userId === '') throw new DomainError(ErrorCode.QUEUE_TOKEN_MISSING, 'This call needs a queue token');
    if (!UUID.test(userId)) throw new DomainError(ErrorCode.QUEUE_TOKEN_INVALID, 'The caller identity is malformed');
    request.callerUserId = userId.toLowerCase();
    return true;
  }
}

/** The caller's user id, established by {@link CallerGuard}. */
export const CallerUserId = createParamDecorator((_: unknown, context: ExecutionContext): string => {
  const userId = context.switchToHttp().getRequest<RequestWithCaller>().callerUserId;
  if (!userId) throw new Error('CallerUserId used on a route without CallerGuard');
  return userId;
});

/** The request id Fastify assigned (echoed x-request-id or a new one), carried into events. */
export const RequestId = createParamDecorator((_: unknown, context: ExecutionContext): string => {
  return String(context.switchToHttp().getRequest<FastifyRequest>().id);
});
