import type { QueueSettings } from './queue-settings';

/**
 * The parameters of one atomic queue step (join, status read, admission round, expiry), all derived
 * from one instant. The store applies them in a single Lua script, so every rule below holds
 * across any number of queue-service instances.
 */
export interface AdmissionRound {
  nowMs: number;
  /** Capacity of the active set. */
  capacity: number;
  /** Active-until of a token admitted in this round. */
  activeUntilMs: number;
  /** A waiting token last seen strictly before this instant is idle and leaves the queue. */
  idleCutoffMs: number;
  /** EXPIRED token hashes are kept this long. */
  retentionSeconds: number;
  /** Expired actives / idle waiters removed in this round at most. */
  cleanupBatchSize: number;
  /** Admission-history buckets (epoch seconds) older than this are dropped. */
  rateWindowStartSecond: number;
}

/** Who gets in, when, and for how long. */
export class AdmissionPolicy {
  constructor(private readonly settings: QueueSettings) {}

  round(nowMs: number): AdmissionRound {
    return {
      nowMs,
      capacity: this.settings.maxActiveUsers,
      activeUntilMs: this.activeUntil(nowMs),
      idleCutoffMs: nowMs - this.settings.waitingIdleSeconds * 1000,
      retentionSeconds: this.settings.tokenRetentionSeconds,
      cleanupBatchSize: this.settings.cleanupBatchSize,
      rateWindowStartSecond: Math.floor(nowMs / 1000) - this.settings.rateWindowSeconds + 1,
    };
  }

  activeUntil(nowMs: number): number {
    return nowMs + this.settings.activeSeconds * 1000;
  }

  /** How many waiting users a round admits: the free slots, at most everyone waiting, never negative. */
  slotsToFill(activeCount: number, waitingCount: number): number {
    return Math.max(0, Math.min(this.settings.maxActiveUsers - activeCount, waitingCount));
  }

  isIdle(lastSeenMs: number, nowMs: number): boolean {
    return lastSeenMs < nowMs - this.settings.waitingIdleSeconds * 1000;
  }

  isActiveOver(activeUntilMs: number, nowMs: number): boolean {
    return activeUntilMs <= nowMs;
  }

  /**
   * The admission rate the system sustains even if every admitted user keeps the whole active
   * window: each slot frees after `activeSeconds` and is refilled within one admission interval.
   */
  guaranteedRatePerSecond(): number {
    return this.settings.maxActiveUsers / (this.settings.activeSeconds + this.settings.admitIntervalMs / 1000);
  }
}
