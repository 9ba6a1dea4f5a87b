import { QUEUE_TOKEN_HEADER } from '@concert/contracts';
import { applyDecorators, SetMetadata } from '@nestjs/common';
import { ApiHeader } from '@nestjs/swagger';

/** How the gateway lets a request through to a service. */
export interface RouteAccess {
  /** Needs an ACTIVE queue token; the caller's identity is forwarded. */
  protected: boolean;
  /** Counts against the per-client rate limit. */
  rateLimited: boolean;
}

export const ROUTE_ACCESS = 'gateway:route-access';

/** Open to anyone; `rateLimited` makes it count against the per-client rate (token issue). */
export function PublicRoute(options: { rateLimited?: boolean } = {}): MethodDecorator {
  const access: RouteAccess = { protected: false, rateLimited: options.rateLimited ?? false };
  return SetMetadata(ROUTE_ACCESS, access);
}

/** Needs an ACTIVE queue token (X-Queue-Token); the user is the token's; rate limited per client. */
export function ProtectedRoute(): MethodDecorator {
  const access: RouteAccess = { protected: true, rateLimited: true };
  return applyDecorators(
    SetMetadata(ROUTE_ACCESS, access),
    ApiHeader({ name: 'X-Queue-Token', required: true, description: `An ACTIVE queue token (header ${QUEUE_TOKEN_HEADER}); the call acts as the token's user` }),
  );
}
