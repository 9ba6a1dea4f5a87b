import type { QueueSettings } from './queue-settings';

/**
 * The parameters of one atomic queue step (join, status read, admission round, expiry), all derived
 * from one instant. The store applies them in a single Lua script, so every rule below holds
 * across any number of queue-service instances.
 */
export interface AdmissionRound {
  nowMs: number;
  /** The active set's maximum capacity (QUEUE_MAX_ACTIVE_USERS); an adaptive limit may keep it lower. */
  maxCapacity: number;
  /**
   * The capacity while no adaptive limit is set: the maximum, or — adaptive admission on — the
   * opening size the room grows from (QUEUE_ADMISSION_MIN_ACTIVE_USERS).
   */
  openingCapacity: number;
  /**
   * Adaptive admission's quiet growth: a full room with people waiting that has heard of no
   * purchase for this long grows one slot past the slots in use (0: adaptation off).
   */
  quietGrowthMs: number;
  /** The adaptive limit is forgotten after this long without a change (see LimitAdjustment.idleResetSeconds). */
  limitResetSeconds: number;
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

/**
 * How one confirmed purchase moves the adaptive admission limit (ADR 0015). The room opens at
 * `minLimit` slots; the store applies each adjustment in the purchase's expiry step, before the
 * freed slot is handed on:
 * - slower than `targetMs`: the limit drops to (slots in use, or the limit if lower) ×
 *   targetMs / latencyMs, that factor held within [`minDecreaseFactor`, `maxDecreaseFactor`]; at
 *   most once per `decreaseIntervalMs` — the purchases that follow a cut still carry the
 *   congestion from before it;
 * - on time, while the active set is full: the limit grows — by one slot per purchase until the
 *   first cut (slow start: the room finds its size in a few seconds), by 1 / limit after it (one
 *   slot for every `limit` on-time purchases);
 * - on time with free slots: the limit is not what holds anyone back, so it stays.
 * It stays within [`minLimit`, QUEUE_MAX_ACTIVE_USERS], and is forgotten (the room opens at
 * `minLimit` again) after `idleResetSeconds` without a purchase.
 */
export interface LimitAdjustment {
  latencyMs: number;
  targetMs: number;
  minLimit: number;
  minDecreaseFactor: number;
  maxDecreaseFactor: number;
  decreaseIntervalMs: number;
  idleResetSeconds: number;
}

/** The adaptation's fixed constants (see LimitAdjustment). */
export const ADAPTIVE_ADMISSION = { minDecreaseFactor: 0.5, maxDecreaseFactor: 0.9, decreaseIntervalMs: 1_000, idleResetSeconds: 60, quietGrowthMs: 2_000 } as const;

/** Who gets in, when, and for how long. */
export class AdmissionPolicy {
  constructor(private readonly settings: QueueSettings) {}

  round(nowMs: number): AdmissionRound {
    return {
      nowMs,
      maxCapacity: this.settings.maxActiveUsers,
      openingCapacity: this.openingCapacity(),
      quietGrowthMs: this.settings.admissionLatencyTargetMs === 0 ? 0 : ADAPTIVE_ADMISSION.quietGrowthMs,
      limitResetSeconds: ADAPTIVE_ADMISSION.idleResetSeconds,
      activeUntilMs: this.activeUntil(nowMs),
      idleCutoffMs: nowMs - this.settings.waitingIdleSeconds * 1000,
      retentionSeconds: this.settings.tokenRetentionSeconds,
      cleanupBatchSize: this.settings.cleanupBatchSize,
      rateWindowStartSecond: Math.floor(nowMs / 1000) - this.settings.rateWindowSeconds + 1,
    };
  }

  /** The capacity while no adaptive limit is set (see AdmissionRound.openingCapacity). */
  openingCapacity(): number {
    if (this.settings.admissionLatencyTargetMs === 0) return this.settings.maxActiveUsers;
    return Math.min(this.settings.adaptiveMinActiveUsers, this.settings.maxActiveUsers);
  }

  /** The adjustment a purchase confirmed `latencyMs` after its payment makes; null: nothing to adjust (adaptation off, or no latency known). */
  limitAdjustment(latencyMs: number | null): LimitAdjustment | null {
    if (this.settings.admissionLatencyTargetMs === 0 || latencyMs === null) return null;
    const { minDecreaseFactor, maxDecreaseFactor, decreaseIntervalMs, idleResetSeconds } = ADAPTIVE_ADMISSION;
    return {
      latencyMs: Math.max(0, latencyMs),
      targetMs: this.settings.admissionLatencyTargetMs,
      minLimit: this.settings.adaptiveMinActiveUsers,
      minDecreaseFactor,
      maxDecreaseFactor,
      decreaseIntervalMs,
      idleResetSeconds,
    };
  }

  activeUntil(nowMs: number): number {
    return nowMs + this.settings.activeSeconds * 1000;
  }

  /** How many waiting users a round admits under the fixed maximum: the free slots, at most everyone waiting, never negative. */
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
   * Only the opening capacity is sure to be there: an adaptive room may stay that narrow.
   */
  guaranteedRatePerSecond(): number {
    return this.openingCapacity() / (this.settings.activeSeconds + this.settings.admitIntervalMs / 1000);
  }
}
