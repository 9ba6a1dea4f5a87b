import fastifyRateLimit from '@fastify/rate-limit';
import { DomainError, ErrorCode } from '@concert/contracts';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import type { FastifyRequest } from 'fastify';
import type Redis from 'ioredis';
import type { GatewayConfig } from '../gateway.config';
import { accessRefusals } from '../gateway-metrics';

/**
 * What a route counts against. Each budget is a share of RATE_LIMIT_PER_CLIENT_PER_SECOND (R),
 * sized for what a real buyer does there: polling one's own place or balance (`me`) and buying
 * run at R, each on its own; reading lists, charging, signing in and opening streams are rare for
 * a person and costly for the system, so an abuser hits their ceiling long before R; a failed
 * admin key is counted alone, tightest of all. `other` counts what no route names: health checks,
 * the docs, scrapes and unknown paths (a probe or a scraper stays far below R; a flood does not).
 */
export const RATE_BUDGETS = {
  default: { share: 1, minBurst: 1 },
  me: { share: 1, minBurst: 1 },
  lists: { share: 1 / 5, minBurst: 5 },
  charge: { share: 1 / 10, minBurst: 3 },
  'dev-login': { share: 1 / 25, minBurst: 3 },
  events: { share: 1 / 25, minBurst: 3 },
  admin: { share: 1 / 5, minBurst: 5 },
  'admin-failure': { share: 1 / 50, minBurst: 3 },
  other: { share: 1, minBurst: 5 },
} as const satisfies Record<string, { share: number; minBurst: number }>;

export type RateBudget = keyof typeof RATE_BUDGETS;

/** Requests a client may send a budget in one window (one second). */
export type RateLimits = Record<RateBudget, number>;

/** Route config key naming a route's budget (set by the access decorators, read before routing). */
export const RATE_BUDGET_CONFIG = 'rateBudget';

const WINDOW_MS = 1_000;

/**
 * Every budget's requests per window from the configuration (RATE_LIMIT_BURST, when set, is the
 * window's size at share 1); `undefined` when the limits are off (rate 0).
 */
export function rateLimitsOf(perSecond: number, burst: number): RateLimits | undefined {
  if (perSecond <= 0) return undefined;
  const limits = {} as RateLimits;
  for (const [name, { share, minBurst }] of Object.entries(RATE_BUDGETS) as Array<[RateBudget, { share: number; minBurst: number }]>) {
    limits[name] = Math.max(minBurst, Math.round((burst > 0 ? burst : perSecond) * share));
  }
  return limits;
}

/** Counts a failed admin key of this client; false once the client is over its budget for them. */
export type AdminFailureLimiter = (request: FastifyRequest) => Promise<boolean>;

/** The budget a request counts against: its route's, or `other` for routes that name none and unknown paths. */
export function budgetOf(request: Pick<FastifyRequest, 'routeOptions'>): RateBudget {
  const config: object | undefined = request.routeOptions.config;
  const budget: unknown = config && RATE_BUDGET_CONFIG in config ? (config as Record<string, unknown>)[RATE_BUDGET_CONFIG] : undefined;
  return typeof budget === 'string' && budget in RATE_BUDGETS ? (budget as RateBudget) : 'other';
}

/**
 * Per-client request budgets with @fastify/rate-limit (docs/adr/0017): one counter per client
 * address and budget in a one-second window, kept in Redis so every gateway instance shares it
 * (RATE_LIMIT_STORE=memory keeps it in this process). Counted in onRequest, before the access
 * guard, so 429 RATE_LIMITED (with Retry-After) wins over any other answer. If Redis fails, the
 * request is let through: the limit protects the services; losing it briefly is better than
 * refusing everyone. Returns the failed-admin-key counter, or one that never refuses when the
 * limits are off.
 */
export async function useRateLimits(app: NestFastifyApplication, config: GatewayConfig, redis: Redis): Promise<AdminFailureLimiter> {
  const limits = rateLimitsOf(config.RATE_LIMIT_PER_CLIENT_PER_SECOND, config.RATE_LIMIT_BURST);
  if (!limits) return async () => true;
  const fastify = app.getHttpAdapter().getInstance();
  await app.register(fastifyRateLimit, {
    // Not per route (the plugin's onRoute hook misses unknown paths and routes made before it):
    // one onRequest hook at the root, below, counts every request against its budget.
    global: false,
    hook: 'onRequest',
    timeWindow: WINDOW_MS,
    max: (request: FastifyRequest) => limits[budgetOf(request)],
    keyGenerator: (request: FastifyRequest) => `${budgetOf(request)}:${request.ip}`,
    ...(config.RATE_LIMIT_STORE === 'redis' ? { redis, nameSpace: 'gateway:rate:' } : {}),
    skipOnError: true,
    addHeadersOnExceeding: { 'x-ratelimit-limit': false, 'x-ratelimit-remaining': false, 'x-ratelimit-reset': false },
    addHeaders: { 'x-ratelimit-limit': false, 'x-ratelimit-remaining': false, 'x-ratelimit-reset': false, 'retry-after': true },
    // Thrown by the plugin: the exception filter answers it with the contract's body.
    errorResponseBuilder: () => {
      accessRefusals.inc({ code: ErrorCode.RATE_LIMITED });
      return new DomainError(ErrorCode.RATE_LIMITED, 'Too many requests from this client; slow down');
    },
  });
  fastify.addHook('onRequest', fastify.rateLimit());
  const failures = fastify.createRateLimit({ max: limits['admin-failure'], timeWindow: WINDOW_MS, keyGenerator: (request) => `admin-failure:${request.ip}`, allowList: () => false });
  return async (request) => {
    const outcome = await failures(request);
    return outcome.isAllowed || !outcome.isExceeded;
  };
}
