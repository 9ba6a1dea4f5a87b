import { QUEUE_TOKEN_HEADER } from '@concert/contracts';
import { applyDecorators, SetMetadata } from '@nestjs/common';
import { ApiHeader } from '@nestjs/swagger';

/** How the gateway lets a request through to a service. */
export interface RouteAccess {
  /** Needs an ACTIVE queue token; the caller's identity is forwarded. */
  protected: boolean;
  /** Counts against the per-client rate limit. */
  rateLimited: boolean;
  /**
   * A credential the service reads, checked here first so the contract's order of checks holds
   * at the gateway too: `queue-token` — present and genuinely signed (its state is the
   * service's answer); `admin-key` — the ADMIN_API_KEY.
   */
  credential?: 'queue-token' | 'admin-key';
}

export const ROUTE_ACCESS = 'gateway:route-access';

/**
 * Not protected by an ACTIVE token; `rateLimited` makes it count against the per-client rate
 * (token issue), `credential` names the credential the service reads (checked here first).
 */
export function PublicRoute(options: { rateLimited?: boolean; credential?: RouteAccess['credential'] } = {}): MethodDecorator {
  const access: RouteAccess = { protected: false, rateLimited: options.rateLimited ?? false, ...(options.credential ? { credential: options.credential } : {}) };
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
