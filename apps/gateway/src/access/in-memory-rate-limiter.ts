import type { Clock } from '../clock';
import { gcra, type RateBudget, type RateLimit, type RateLimiter } from './rate-limiter';

/**
 * Buckets in this process's memory: exact and free of network cost, but each gateway instance
 * counts alone — right for a single gateway (RATE_LIMIT_STORE=memory). Several gateways behind a
 * balancer need the Redis limiter, which shares the buckets.
 */
export class InMemoryRateLimiter implements RateLimiter {
  private readonly arrivals = new Map<string, number>();

  constructor(
    private readonly limits: Record<RateBudget, RateLimit>,
    private readonly clock: Clock,
    private readonly maxClients = 100_000,
  ) {}

  async tryAcquire(client: string, budget: RateBudget): Promise<boolean> {
    const nowUs = this.clock.nowMs() * 1000;
    const key = `${budget}:${client}`;
    const tat = gcra(this.arrivals.get(key), nowUs, this.limits[budget]);
    if (tat === undefined) return false;
    if (this.arrivals.size >= this.maxClients && !this.arrivals.has(key)) this.forgetIdle(nowUs);
    this.arrivals.set(key, tat);
    return true;
  }

  /** A client whose arrival time has passed has a full bucket: forgetting it changes nothing. */
  private forgetIdle(nowUs: number): void {
    for (const [client, tat] of this.arrivals) {
      if (tat <= nowUs) this.arrivals.delete(client);
    }
  }
}
