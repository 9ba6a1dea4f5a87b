/** Per-client request rates at the gateway, one bucket per client and budget. */
export interface RateLimiter {
  /** Counts one request of `client` against `budget`; false when the client is over it. */
  tryAcquire(client: string, budget: RateBudget): Promise<boolean>;
}

export const RATE_LIMITER = Symbol('RATE_LIMITER');

export interface RateLimit {
  /** Sustained requests per second. */
  perSecond: number;
  /** Requests that may arrive at once (bucket size). */
  burst: number;
}

/**
 * What a route counts against. Each budget is a share of RATE_LIMIT_PER_CLIENT_PER_SECOND (R),
 * sized for what a real buyer does there: polling and buying run at R; reading lists, charging,
 * signing in and opening streams are rare for a person and costly for the system, so an abuser
 * hits their ceiling long before R; a failed admin key is counted alone, tightest of all.
 */
export const RATE_BUDGETS = {
  default: { share: 1, minBurst: 1 },
  lists: { share: 1 / 5, minBurst: 5 },
  charge: { share: 1 / 10, minBurst: 3 },
  'dev-login': { share: 1 / 25, minBurst: 3 },
  events: { share: 1 / 25, minBurst: 3 },
  admin: { share: 1 / 5, minBurst: 5 },
  'admin-failure': { share: 1 / 50, minBurst: 3 },
} as const satisfies Record<string, { share: number; minBurst: number }>;

export type RateBudget = keyof typeof RATE_BUDGETS;

/** Every budget's rate from the configuration; `undefined` when the limits are off (rate 0). */
export function rateLimitsOf(perSecond: number, burst: number): Record<RateBudget, RateLimit> | undefined {
  if (perSecond <= 0) return undefined;
  const limits = {} as Record<RateBudget, RateLimit>;
  for (const [name, { share, minBurst }] of Object.entries(RATE_BUDGETS) as Array<[RateBudget, { share: number; minBurst: number }]>) {
    const rate = perSecond * share;
    const baseBurst = burst > 0 ? burst * share : rate;
    limits[name] = { perSecond: rate, burst: Math.max(minBurst, Math.round(baseBurst)) };
  }
  return limits;
}

/**
 * GCRA (a token bucket kept as one number, the "theoretical arrival time"): each request moves
 * it forward by one emission interval; a request is refused when that would put it more than a
 * burst ahead of now. Times in microseconds so that intervals like 1/3 s stay integers.
 * Returns the new arrival time, or `undefined` when the request is refused.
 */
export function gcra(previousTatUs: number | undefined, nowUs: number, limit: RateLimit): number | undefined {
  const intervalUs = Math.round(1_000_000 / limit.perSecond);
  const tat = Math.max(previousTatUs ?? nowUs, nowUs) + intervalUs;
  return tat - nowUs > limit.burst * intervalUs ? undefined : tat;
}

/** No limit (RATE_LIMIT_PER_CLIENT_PER_SECOND=0). */
export class UnlimitedRateLimiter implements RateLimiter {
  async tryAcquire(): Promise<boolean> {
    return true;
  }
}
