export interface BackoffOptions {
  /** Delay before the second attempt. */
  baseMs: number;
  maxMs: number;
}

/**
 * Exponential backoff without jitter: the delay after the `failures`-th failure (1-based)
 * is baseMs · 2^(failures-1), capped at maxMs.
 */
export function backoffDelay(failures: number, { baseMs, maxMs }: BackoffOptions): number {
  if (failures < 1) return 0;
  // 2^30 already exceeds any sane cap; avoids Infinity for large attempt counts.
  const exponent = Math.min(failures - 1, 30);
  return Math.min(maxMs, baseMs * 2 ** exponent);
}

export function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
