import { APP_CONFIG, REDIS } from '@concert/platform';
import { Module } from '@nestjs/common';
import type Redis from 'ioredis';
import { CLOCK, type Clock } from '../clock';
import type { GatewayConfig } from '../gateway.config';
import { InMemoryRateLimiter } from './in-memory-rate-limiter';
import { QUEUE_TOKEN_STATE_READER, RedisQueueTokenStateReader } from './queue-token-state.reader';
import { KnownQueryParametersGuard } from './known-query-parameters.guard';
import { QueueTokenGuard } from './queue-token.guard';
import { RATE_LIMITER, type RateLimiter, rateLimitOf, UnlimitedRateLimiter } from './rate-limiter';
import { RedisRateLimiter } from './redis-rate-limiter';

function createRateLimiter(config: GatewayConfig, redis: Redis, clock: Clock): RateLimiter {
  const limit = rateLimitOf(config.RATE_LIMIT_PER_CLIENT_PER_SECOND, config.RATE_LIMIT_BURST);
  if (!limit) return new UnlimitedRateLimiter();
  return config.RATE_LIMIT_STORE === 'memory' ? new InMemoryRateLimiter(limit, clock) : new RedisRateLimiter(redis, limit, clock);
}

/** Who may pass the gateway: the queue token check, the per-client rate limit and the known query parameters. */
@Module({
  providers: [
    { provide: QUEUE_TOKEN_STATE_READER, useClass: RedisQueueTokenStateReader },
    { provide: RATE_LIMITER, inject: [APP_CONFIG, REDIS, CLOCK], useFactory: createRateLimiter },
    QueueTokenGuard,
    KnownQueryParametersGuard,
  ],
  exports: [QUEUE_TOKEN_STATE_READER, RATE_LIMITER, QueueTokenGuard, KnownQueryParametersGuard],
})
export class AccessModule {}
