import { APP_CONFIG, REDIS } from '@concert/platform';
import { Module } from '@nestjs/common';
import type Redis from 'ioredis';
import { CLOCK, type Clock } from '../clock';
import type { GatewayConfig } from '../gateway.config';
import { InMemoryRateLimiter } from './in-memory-rate-limiter';
import { QUEUE_TOKEN_STATE_READER, RedisQueueTokenStateReader } from './queue-token-state.reader';
import { KnownQueryParametersGuard } from './known-query-parameters.guard';
import { AccessGuard } from './access.guard';
import { StreamTickets } from './stream-tickets';
import { RATE_LIMITER, type RateLimiter, rateLimitsOf, UnlimitedRateLimiter } from './rate-limiter';
import { IdentityModule } from '../identity/identity.module';
import { RedisRateLimiter } from './redis-rate-limiter';

function createRateLimiter(config: GatewayConfig, redis: Redis, clock: Clock): RateLimiter {
  const limits = rateLimitsOf(config.RATE_LIMIT_PER_CLIENT_PER_SECOND, config.RATE_LIMIT_BURST);
  if (!limits) return new UnlimitedRateLimiter();
  return config.RATE_LIMIT_STORE === 'memory' ? new InMemoryRateLimiter(limits, clock) : new RedisRateLimiter(redis, limits, clock);
}

/** Who may pass the gateway: identity, the queue token check, the per-client rate budgets and the known query parameters. */
@Module({
  imports: [IdentityModule],
  providers: [
    StreamTickets,
    { provide: QUEUE_TOKEN_STATE_READER, useClass: RedisQueueTokenStateReader },
    { provide: RATE_LIMITER, inject: [APP_CONFIG, REDIS, CLOCK], useFactory: createRateLimiter },
    AccessGuard,
    KnownQueryParametersGuard,
  ],
  exports: [QUEUE_TOKEN_STATE_READER, RATE_LIMITER, AccessGuard, KnownQueryParametersGuard, StreamTickets, IdentityModule],
})
export class AccessModule {}
