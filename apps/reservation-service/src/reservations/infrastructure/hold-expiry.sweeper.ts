import { Inject, Injectable, Logger, type OnApplicationBootstrap, type OnModuleDestroy } from '@nestjs/common';
import { ExpireOverdueHoldsUseCase } from '../application/expire-overdue-holds/expire-overdue-holds.use-case';
import { CLOCK, type Clock } from '../application/ports/clock.port';
import { RESERVATION_QUERIES, type ReservationQueries } from '../application/ports/reservation-unit-of-work.port';

export interface HoldExpirySweeperSettings {
  enabled: boolean;
  /** Longest sleep between sweeps (a hold made meanwhile may run out sooner than the last known one). */
  maxIntervalMs: number;
  batchSize: number;
}

export const HOLD_EXPIRY_SWEEPER_SETTINGS = Symbol('HOLD_EXPIRY_SWEEPER_SETTINGS');

/** Never spin faster than this, even when an overdue row is locked by someone else (SKIP LOCKED). */
const MIN_SLEEP_MS = 20;
const ERROR_SLEEP_MS = 1_000;

/**
 * Turns overdue holds EXPIRED (with their HoldExpired events) soon after they run out: it sleeps
 * until the earliest expiry among HELD rows (one probe of the partial index), capped at
 * maxIntervalMs, then sweeps. Safe with any number of instances (SKIP LOCKED). Readers never
 * depend on it for correctness — an overdue hold reads EXPIRED and frees its seat at once — it
 * exists so the rest of the system (seat map, payment replica) hears of the expiry promptly.
 */
@Injectable()
export class HoldExpirySweeper implements OnApplicationBootstrap, OnModuleDestroy {
  private readonly logger = new Logger(HoldExpirySweeper.name);
  private stopped = false;
  private loop?: Promise<void>;
  private wake?: () => void;

  constructor(
    private readonly expireOverdueHolds: ExpireOverdueHoldsUseCase,
    @Inject(RESERVATION_QUERIES) private readonly queries: ReservationQueries,
    @Inject(CLOCK) private readonly clock: Clock,
    @Inject(HOLD_EXPIRY_SWEEPER_SETTINGS) private readonly settings: HoldExpirySweeperSettings,
  ) {}

  onApplicationBootstrap(): void {
    if (this.settings.enabled) this.loop = this.run();
  }

  async onModuleDestroy(): Promise<void> {
    this.stopped = true;
    this.wake?.();
    await this.loop;
  }

  /** One sweep and the sleep that should follow it (exposed for tests). */
  async sweepOnce(): Promise<{ expired: number; sleepMs: number }> {
    const expired = await this.expireOverdueHolds.execute({ limit: this.settings.batchSize });
    if (expired >= this.settings.batchSize) return { expired, sleepMs: 0 };
    const next = await this.queries.nextHoldExpiry();
    const untilNext = next ? next.getTime() - this.clock.now().getTime() : this.settings.maxIntervalMs;
    return { expired, sleepMs: Math.min(this.settings.maxIntervalMs, Math.max(MIN_SLEEP_MS, untilNext)) };
  }

  private async run(): Promise<void> {
    while (!this.stopped) {
      let sleepMs: number;
      try {
        const sweep = await this.sweepOnce();
        if (sweep.expired > 0) this.logger.debug(`expired ${sweep.expired} overdue holds`);
        sleepMs = sweep.sleepMs;
      } catch (error) {
        if (this.stopped) return;
        this.logger.error({ err: error }, 'expiry sweep failed; retrying');
        sleepMs = ERROR_SLEEP_MS;
      }
      if (sleepMs > 0) await this.sleep(sleepMs);
    }
  }

  private sleep(ms: number): Promise<void> {
    if (this.stopped) return Promise.resolve();
    return new Promise((resolve) => {
      const timer = setTimeout(done, ms);
      function done() {
        clearTimeout(timer);
        resolve();
      }
      this.wake = done;
    });
  }
}
