import { Inject, Injectable, Logger, type OnApplicationBootstrap, type OnModuleDestroy } from '@nestjs/common';
import { APP_CONFIG } from '@concert/platform';
import { AdmitWaitingUsersUseCase } from '../application/admit-waiting-users/admit-waiting-users.use-case';
import { AdmissionPolicy } from '../domain/admission-policy';
import type { QueueServiceConfig } from '../../queue-service.config';

/**
 * The pause before the next round when a round stopped at its bound with work left. Each step is
 * kept to a few milliseconds by the bound, so a backlog (a crowd of idle waiters, a burst of
 * ended windows, many free slots) drains at thousands of entries a second instead of one batch
 * an interval, yet Redis spends most of each pause on everything else (the gateway's token
 * checks, joins, polls) rather than on this instance's rounds.
 */
export const CATCH_UP_PAUSE_MS = 10;

/**
 * Runs an admission round over every room every QUEUE_ADMIT_INTERVAL_MS in every instance, api processes included
 * (PROCESS_ROLE): each round also hands this process's wait estimator the shared admission history,
 * so every process that answers `me` estimates from the measured rate. Rounds are atomic in
 * Redis, so instances need no leader: concurrent rounds simply find nothing left to do. The next
 * round is scheduled after the previous one ends (no overlap within a process): an interval after
 * it started, or — when any room's step stopped at its bound with work left (AdmissionPolicy.mayHaveLeftWork) —
 * CATCH_UP_PAUSE_MS after it ended, until the backlog is gone.
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
    private readonly policy: AdmissionPolicy,
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
      this.running = this.round().then((leftWork) => {
        this.running = undefined;
        const interval = this.config.QUEUE_ADMIT_INTERVAL_MS;
        this.schedule(leftWork ? Math.min(CATCH_UP_PAUSE_MS, interval) : Math.max(0, interval - (Date.now() - startedAt)));
      });
    }, delayMs);
    this.timer.unref();
  }

  /** One round; whether it may have left work for the next (never after a failure: that one waits an interval). */
  private async round(): Promise<boolean> {
    try {
      const outcomes = await this.admit.execute();
      if (this.failing) this.logger.log('admission rounds succeed again');
      this.failing = false;
      return outcomes.some((outcome) => this.policy.mayHaveLeftWork(outcome));
    } catch (error) {
      // Log the first failure of a streak only: Redis down would otherwise log every interval.
      if (!this.failing) this.logger.error({ err: error }, 'admission round failed; retrying every interval');
      this.failing = true;
      return false;
    }
  }
}
