import { Module } from '@nestjs/common';
import { APP_CONFIG } from '@concert/platform';
import type { PaymentServiceConfig } from '../payment-service.config';
import type { IdempotencyPolicy } from './domain/idempotency-record';
import { IDEMPOTENCY_POLICY, IdempotencyKeys } from './application/idempotency-keys';
import { PurgeExpiredKeysUseCase } from './application/purge-expired-keys/purge-expired-keys.use-case';
import { IdempotencyKeyPurgeScheduler } from './infrastructure/idempotency-key-purge.scheduler';

@Module({
  providers: [
    {
      provide: IDEMPOTENCY_POLICY,
      inject: [APP_CONFIG],
      useFactory: (config: PaymentServiceConfig): IdempotencyPolicy => ({
        ttlMs: config.IDEMPOTENCY_KEY_TTL_HOURS * 3_600_000,
        staleAfterMs: config.IDEMPOTENCY_KEY_STALE_SECONDS * 1_000,
      }),
    },
    IdempotencyKeys,
    PurgeExpiredKeysUseCase,
    IdempotencyKeyPurgeScheduler,
  ],
  exports: [IdempotencyKeys],
})
export class IdempotencyModule {}
