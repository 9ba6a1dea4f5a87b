/** Per-client request rate at the gateway. */
export interface RateLimiter {
  /** Counts one request of `client`; false when the client is over its rate. */
  tryAcquire(client: string): Promise<boolean>;
}

export const RATE_LIMITER = Symbol('RATE_LIMITER');

export interface RateLimit {
  /** Sustained requests per second. */
  perSecond: number;
  /** Requests that may arrive at once (bucket size). */
  burst: number;
}

/** The rate from configuration; `undefined` when the limit is off (rate 0). */
export function rateLimitOf(perSecond: number, burst: number): RateLimit | undefined {
  if (perSecond <= 0) return undefined;
  return { perSecond, burst: burst > 0 ? burst : perSecond };
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
