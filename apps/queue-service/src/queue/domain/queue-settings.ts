/** The queue's tunables (from configuration), in the units the domain thinks in. */
export interface QueueSettings {
  /** At most this many ACTIVE tokens at once. */
  maxActiveUsers: number;
  /** Admission runs at least this often. */
  admitIntervalMs: number;
  /** How long an ACTIVE token stays active. */
  activeSeconds: number;
  /** A waiting user not seen for this long leaves the queue. */
  waitingIdleSeconds: number;
  /** How long an EXPIRED token that was admitted stays known (distinguishable from a forged or never-issued one). */
  tokenRetentionSeconds: number;
  /** How long the EXPIRED token of a waiter who went idle (never admitted) stays known: minutes, not a day. */
  idleTokenRetentionSeconds: number;
  /** The most entries one loop of a queue step handles (see AdmissionRound.cleanupBatchSize). */
  cleanupBatchSize: number;
  /** Admissions over this window give the measured admission rate. */
  rateWindowSeconds: number;
  /**
   * The adaptive admission limit (ADR 0015): a purchase whose payment took longer than this to be
   * confirmed shrinks the active set's capacity; 0 turns the adaptation off (capacity is fixed at
   * `maxActiveUsers`).
   */
  admissionLatencyTargetMs: number;
  /** The adaptive limit never goes below this many active slots (nor above `maxActiveUsers`). */
  adaptiveMinActiveUsers: number;
}
