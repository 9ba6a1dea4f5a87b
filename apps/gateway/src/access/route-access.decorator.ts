import { QUEUE_TOKEN_HEADER } from '@concert/contracts';
import { applyDecorators, SetMetadata } from '@nestjs/common';
import { ApiHeader, ApiSecurity } from '@nestjs/swagger';
import { RouteConfig } from '@nestjs/platform-fastify';
import { RATE_BUDGET_CONFIG, type RateBudget } from './rate-limits';

/**
 * Who may call a gateway route:
 * - `public`: anyone (the concert list, dev sign-in, the key set);
 * - `admin`: the X-Admin-Key (organizers' tools, which act for no user);
 * - `signed-in`: a valid bearer access token; the user is its subject. `queueToken: 'own'` also
 *   needs X-Queue-Token, genuinely signed and of that user (its state is queue-service's answer);
 * - `protected`: a valid bearer and an ACTIVE queue token of the same user.
 * Every route also names the rate budget it counts against (per client address).
 */
export type RouteAccess =
  | { kind: 'public'; budget: RateBudget }
  | { kind: 'admin'; budget: RateBudget }
  | { kind: 'signed-in'; budget: RateBudget; queueToken?: 'own' }
  | { kind: 'protected'; budget: RateBudget };

export const ROUTE_ACCESS = 'gateway:route-access';

/** OpenAPI security scheme names (declared in gateway.app.ts). */
export const SECURITY = { bearer: 'bearer', queueToken: 'queueToken', adminKey: 'adminKey' } as const;

/** The access marking, and the budget in the route's config, where the rate limiter reads it before routing. */
function marked(access: RouteAccess): MethodDecorator {
  return applyDecorators(SetMetadata(ROUTE_ACCESS, access), RouteConfig({ [RATE_BUDGET_CONFIG]: access.budget }));
}

/** Anyone may call it. */
export function PublicRoute(budget: RateBudget = 'default'): MethodDecorator {
  return marked({ kind: 'public', budget });
}

/** Needs the admin key (X-Admin-Key); failed keys are rate-limited on their own, tightly. */
export function AdminRoute(): MethodDecorator {
  return applyDecorators(marked({ kind: 'admin', budget: 'admin' }), ApiSecurity(SECURITY.adminKey));
}

/** Needs a signed-in user (Authorization: Bearer); with `queueToken: 'own'`, also the user's own X-Queue-Token. */
export function SignedInRoute(options: { budget?: RateBudget; queueToken?: 'own' } = {}): MethodDecorator {
  const access: RouteAccess = { kind: 'signed-in', budget: options.budget ?? 'default', ...(options.queueToken ? { queueToken: options.queueToken } : {}) };
  return applyDecorators(
    marked(access),
    ApiSecurity(options.queueToken ? { [SECURITY.bearer]: [], [SECURITY.queueToken]: [] } : { [SECURITY.bearer]: [] }),
  );
}

/** Needs a signed-in user holding an ACTIVE queue token of their own (X-Queue-Token). */
export function ProtectedRoute(budget: RateBudget = 'default'): MethodDecorator {
  return applyDecorators(
    marked({ kind: 'protected', budget }),
    ApiSecurity({ [SECURITY.bearer]: [], [SECURITY.queueToken]: [] }),
    ApiHeader({ name: 'X-Queue-Token', required: true, description: `An ACTIVE queue token of the caller (header ${QUEUE_TOKEN_HEADER})` }),
  );
}
