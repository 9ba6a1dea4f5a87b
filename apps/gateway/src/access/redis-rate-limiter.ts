import { Logger } from '@nestjs/common';
import type Redis from 'ioredis';
import type { Clock } from '../clock';
import { type RateBudget, type RateLimit, type RateLimiter } from './rate-limiter';

/** The GCRA step of {@link gcra} in one atomic Redis call; the key expires once the bucket is full again. */
const GCRA_SCRIPT = `
local now = tonumber(ARGV[1])
local interval = tonumber(ARGV[2])
local burst = tonumber(ARGV[3])
local tat = tonumber(redis.call('GET', KEYS[1]) or ARGV[1])
if tat < now then tat = now end
tat = tat + interval
if tat - now > burst * interval then return 0 end
redis.call('SET', KEYS[1], string.format('%.0f', tat), 'PX', math.ceil((tat - now) / 1000))
return 1
`;

type RedisWithRateLimit = Redis & {
  gatewayRateLimit(key: string, nowUs: number, intervalUs: number, burst: number): Promise<number>;
};

/**
 * Buckets shared by every gateway instance, in Redis: one call per request (auto-pipelined with
 * the queue token check on protected routes, so no extra round trip there). If Redis fails the
 * request is let through: the limit protects the services, losing it briefly is better than
 * refusing everyone.
 */
export class RedisRateLimiter implements RateLimiter {
  private readonly logger = new Logger(RedisRateLimiter.name);
  private readonly redis: RedisWithRateLimit;

  constructor(
    redis: Redis,
    private readonly limits: Record<RateBudget, RateLimit>,
    private readonly clock: Clock,
  ) {
    if (!('gatewayRateLimit' in redis)) redis.defineCommand('gatewayRateLimit', { numberOfKeys: 1, lua: GCRA_SCRIPT });
    this.redis = redis as RedisWithRateLimit;
  }

  async tryAcquire(client: string, budget: RateBudget): Promise<boolean> {
    const limit = this.limits[budget];
    try {
      const intervalUs = Math.round(1_000_000 / limit.perSecond);
      const allowed = await this.redis.gatewayRateLimit(`gateway:rate:${budget}:${client}`, this.clock.nowMs() * 1000, intervalUs, limit.burst);
      return allowed === 1;
    } catch (error) {
      this.logger.warn({ err: error }, 'rate limiter unavailable; letting the request through');
      return true;
    }
  }
}
