import { type CanActivate, type ExecutionContext, Injectable } from '@nestjs/common';
import type { FastifyRequest } from 'fastify';
import { DomainError, ErrorCode, IdentityHeaders } from '@concert/contracts';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * Protected routes: the gateway verified the queue token and forwards the caller in x-user-id.
 * A call without it did not come through the gateway's check: 401 QUEUE_TOKEN_MISSING.
 */
@Injectable()
export class CallerIdentityGuard implements CanActivate {
  canActivate(context: ExecutionContext): boolean {
    const userId = context.switchToHttp().getRequest<FastifyRequest>().headers[IdentityHeaders.UserId];
    if (typeof userId !== 'string' || !UUID.test(userId)) {
      throw new DomainError(ErrorCode.QUEUE_TOKEN_MISSING, 'This route needs an active queue token (x-user-id from the gateway)');
    }
    return true;
  }
}
