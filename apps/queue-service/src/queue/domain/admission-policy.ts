import type { QueueSettings } from './queue-settings';

/**
 * The parameters of one atomic queue step (join, status read, admission round, expiry), all derived
 * from one instant. The store applies them in a single Lua script, so every rule below holds
 * across any number of queue-service instances.
 */
export interface AdmissionRound {
  nowMs: number;
  /**
   * A room's maximum capacity unless the room sets its own (QUEUE_MAX_ACTIVE_USERS); an adaptive
   * limit may keep it lower.
   */
  defaultMaxActiveUsers: number;
  /** A room's active window unless the room sets its own (QUEUE_ACTIVE_SECONDS). */
  defaultActiveSeconds: number;
  /**
   * Adaptive admission on: the opening size a room grows from (QUEUE_ADMISSION_MIN_ACTIVE_USERS,
   * at most the room's maximum); 0: adaptation off, the capacity is the room's maximum.
   */
  adaptiveOpeningSize: number;
  /**
   * Adaptive admission's quiet growth: a full room with people waiting that has heard of no
   * purchase for this long grows one slot past the slots in use (0: adaptation off).
   */
  quietGrowthMs: number;
  /** The adaptive limit is forgotten after this long without a change (see LimitAdjustment.idleResetSeconds). */
  limitResetSeconds: number;
  /** A waiting token last seen strictly before this instant is idle and leaves the queue. */
  idleCutoffMs: number;
  /** The EXPIRED hash of a token that was admitted (its window ended, or it paid) is kept this long. */
  retentionSeconds: number;
  /** The EXPIRED hash of a waiter who went idle (never admitted) is kept this long: minutes, not a day. */
  idleRetentionSeconds: number;
  /**
   * The most entries any one loop of the step handles: active windows ended, idle waiters swept,
   * heads admitted, heads that leave instead of taking a slot. Bounds every step's run time
   * whatever the queue's length; what is left is done by the next step.
   */
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

/** What an admission round reports of its work (the store's AdmissionOutcome has these counts). */
export interface RoundWork {
  expiredActive: number;
  evictedIdle: number;
  waitingCount: number;
  activeCount: number;
  capacity: number;
}

/** Who gets in, when, and for how long. */
export class AdmissionPolicy {
  constructor(private readonly settings: QueueSettings) {}

  round(nowMs: number): AdmissionRound {
    return {
      nowMs,
      defaultMaxActiveUsers: this.settings.maxActiveUsers,
      defaultActiveSeconds: this.settings.activeSeconds,
      adaptiveOpeningSize: this.settings.admissionLatencyTargetMs === 0 ? 0 : this.settings.adaptiveMinActiveUsers,
      quietGrowthMs: this.settings.admissionLatencyTargetMs === 0 ? 0 : ADAPTIVE_ADMISSION.quietGrowthMs,
      limitResetSeconds: ADAPTIVE_ADMISSION.idleResetSeconds,
      idleCutoffMs: nowMs - this.settings.waitingIdleSeconds * 1000,
      retentionSeconds: this.settings.tokenRetentionSeconds,
      idleRetentionSeconds: this.settings.idleTokenRetentionSeconds,
      cleanupBatchSize: this.settings.cleanupBatchSize,
      rateWindowStartSecond: Math.floor(nowMs / 1000) - this.settings.rateWindowSeconds + 1,
    };
  }

  /** A room's capacity while no adaptive limit is set: its maximum, or the adaptive opening size below it. */
  openingCapacity(maxActiveUsers: number = this.settings.maxActiveUsers): number {
    if (this.settings.admissionLatencyTargetMs === 0) return maxActiveUsers;
    return Math.min(this.settings.adaptiveMinActiveUsers, maxActiveUsers);
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

  /**
   * Whether a round may have stopped at its bound with work left: it used a whole batch of ended
   * windows or idle waiters, or left free slots while people wait (its fill reached a bound: a
   * fill that does not stop early fills every slot or empties the queue). The next round should
   * then come soon rather than an interval later. A batch that happened to be exactly the last
   * costs one round that finds nothing left.
   */
  mayHaveLeftWork(round: RoundWork): boolean {
    const batch = this.settings.cleanupBatchSize;
    return round.expiredActive >= batch || round.evictedIdle >= batch || (round.activeCount < round.capacity && round.waitingCount > 0);
  }

  isIdle(lastSeenMs: number, nowMs: number): boolean {
    return lastSeenMs < nowMs - this.settings.waitingIdleSeconds * 1000;
  }

  isActiveOver(activeUntilMs: number, nowMs: number): boolean {
    return activeUntilMs <= nowMs;
  }

  /**
   * The admission rate a room sustains even if every admitted user keeps the whole active window:
   * each slot frees after `activeSeconds` and is refilled within one admission interval. Only the
   * opening capacity is sure to be there: an adaptive room may stay that narrow.
   */
  guaranteedRatePerSecond(room: { maxActiveUsers: number; activeSeconds: number } = this.settings): number {
    return this.openingCapacity(room.maxActiveUsers) / (room.activeSeconds + this.settings.admitIntervalMs / 1000);
  }
}
