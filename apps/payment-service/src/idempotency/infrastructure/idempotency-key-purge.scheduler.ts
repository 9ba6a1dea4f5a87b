import { Inject, Injectable, Logger, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import { APP_CONFIG, runsBackgroundWork } from '@concert/platform';
import type { PaymentServiceConfig } from '../../payment-service.config';
import { PurgeExpiredKeysUseCase } from '../application/purge-expired-keys/purge-expired-keys.use-case';

/** Purges expired Idempotency-Keys every IDEMPOTENCY_KEY_CLEANUP_INTERVAL_MS (harmless on several instances; not in PROCESS_ROLE=api). */
@Injectable()
export class IdempotencyKeyPurgeScheduler implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger(IdempotencyKeyPurgeScheduler.name);
  private timer?: NodeJS.Timeout;
  private running?: Promise<void>;

  constructor(
    private readonly purge: PurgeExpiredKeysUseCase,
    @Inject(APP_CONFIG) private readonly config: PaymentServiceConfig,
  ) {}

  onApplicationBootstrap(): void {
    if (!runsBackgroundWork(this.config)) return;
    this.timer = setInterval(() => this.tick(), this.config.IDEMPOTENCY_KEY_CLEANUP_INTERVAL_MS);
    this.timer.unref();
  }

  async onApplicationShutdown(): Promise<void> {
    clearInterval(this.timer);
    await this.running;
  }

  private tick(): void {
    if (this.running) return;
    this.running = this.purge
      .execute()
      .then((deleted) => {
        if (deleted > 0) this.logger.log(`purged ${deleted} expired idempotency keys`);
      })
      .catch((error: unknown) => this.logger.warn(`idempotency key purge failed: ${error instanceof Error ? error.message : String(error)}`))
      .finally(() => {
        this.running = undefined;
      });
  }
}
