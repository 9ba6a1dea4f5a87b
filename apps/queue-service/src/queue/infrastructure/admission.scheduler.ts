import { Inject, Injectable, Logger, type OnApplicationBootstrap, type OnModuleDestroy } from '@nestjs/common';
import { APP_CONFIG } from '@concert/platform';
import { AdmitWaitingUsersUseCase } from '../application/admit-waiting-users/admit-waiting-users.use-case';
import type { QueueServiceConfig } from '../../queue-service.config';

/**
 * Runs an admission round every QUEUE_ADMIT_INTERVAL_MS in every instance, api processes included
 * (PROCESS_ROLE): each round also hands this process's wait estimator the shared admission history,
 * so every process that answers `me` estimates from the measured rate. Rounds are atomic in
 * Redis, so instances need no leader: concurrent rounds simply find nothing left to do. The next
 * round is scheduled after the previous one ends (no overlap within a process).
 */
@Injectable()
export class AdmissionScheduler implements OnApplicationBootstrap, OnModuleDestroy {
  private readonly logger = new Logger(AdmissionScheduler.name);
  private timer?: NodeJS.Timeout;
  private running?: Promise<void>;
  private stopped = false;
  private failing = false;

  constructor(
    private readonly admit: AdmitWaitingUsersUseCase,
    @Inject(APP_CONFIG) private readonly config: QueueServiceConfig,
  ) {}

  onApplicationBootstrap(): void {
    if (!this.config.QUEUE_ADMISSION_ENABLED) return;
    this.schedule(0);
  }

  async onModuleDestroy(): Promise<void> {
    this.stopped = true;
    clearTimeout(this.timer);
    await this.running;
  }

  private schedule(delayMs: number): void {
    if (this.stopped) return;
    this.timer = setTimeout(() => {
      const startedAt = Date.now();
      this.running = this.round().finally(() => {
        this.running = undefined;
        this.schedule(Math.max(0, this.config.QUEUE_ADMIT_INTERVAL_MS - (Date.now() - startedAt)));
      });
    }, delayMs);
    this.timer.unref();
  }

  private async round(): Promise<void> {
    try {
      await this.admit.execute();
      if (this.failing) this.logger.log('admission rounds succeed again');
      this.failing = false;
    } catch (error) {
      // Log the first failure of a streak only: Redis down would otherwise log every interval.
      if (!this.failing) this.logger.error({ err: error }, 'admission round failed; retrying every interval');
      this.failing = true;
    }
  }
}
