import type { Clock } from './clock';

/** Admissions counted in one second (epoch seconds). */
export interface AdmissionBucket {
  second: number;
  count: number;
}

export interface AdmissionRateOptions {
  windowSeconds: number;
  /** Rate assumed when fewer admissions were observed (see AdmissionPolicy.guaranteedRatePerSecond). */
  floorPerSecond: number;
}

/**
 * Estimates the wait from the admission rate measured over a sliding window (history shared by
 * every instance in Redis). A quiet window (nobody waiting, or no history yet) would read as
 * "never"; the floor — the rate the system sustains by construction — keeps the estimate sensible.
 */
export class AdmissionRateEstimator {
  private buckets: readonly AdmissionBucket[] = [];

  constructor(
    private readonly clock: Clock,
    private readonly options: AdmissionRateOptions,
  ) {}

  /** Replaces the history with the latest snapshot (read by each admission round). */
  observe(buckets: readonly AdmissionBucket[]): void {
    this.buckets = buckets;
  }

  /** Admissions in the window ending now. */
  admissionsInWindow(): number {
    const nowSecond = Math.floor(this.clock.now() / 1000);
    const firstSecond = nowSecond - this.options.windowSeconds + 1;
    return this.buckets.reduce((sum, bucket) => (bucket.second >= firstSecond && bucket.second <= nowSecond ? sum + bucket.count : sum), 0);
  }

  ratePerSecond(): number {
    return Math.max(this.admissionsInWindow() / this.options.windowSeconds, this.options.floorPerSecond);
  }

  /** Seconds until a user at this 1-based position is expected to be admitted. */
  waitSeconds(position: number): number {
    if (position <= 0) return 0;
    const rate = this.ratePerSecond();
    if (!(rate > 0)) return Number.MAX_SAFE_INTEGER;
    return Math.ceil(position / rate);
  }
}
