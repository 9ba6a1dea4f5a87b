/**
 * What the three growth runs share: their options, the "small vs large" comparison with its
 * 1.5× bar.
 */
import type { LoadResult } from '../lib/load';
import type { ScenarioResult } from '../lib/report';

export interface GrowthOptions {
  quick: boolean;
  /** Seconds of each measured load (the harness's DURATION). */
  duration: number;
  connections: number;
  /** Fraction of the full "large" sizes (1 million waiting, 10,000 schedules, 1 million outbox rows). */
  scale: number;
  log(message: string): void;
}

/** The bar ("cost may not grow more than 1.5×"), applied to every growth run. */
export const GROWTH_LIMIT = 1.5;
/**
 * A p50 that grows by less than this many ms does not count as growth: millisecond figures (the
 * relay's commit → ack) move by that much between two runs of the same size on a busy 2-core
 * machine. Irrelevant for the gateway runs, whose p50 is tens of ms.
 */
export const NOISE_MS = 2;
/** The same for a p99, where it is judged (the relay): its empty-outbox p99 moves by ~10 ms between runs. */
export const P99_NOISE_MS = 10;

/**
 * Unrecorded warm-up of the small side's loads (the large side keeps the harness's 2 s). The small
 * side runs first on a freshly started system; with 2 s it measured up to 2× slower than the large
 * side did right after (JIT, connection pools filling), which would flatter every ratio.
 */
export const SMALL_SIDE_WARM_UP_SECONDS = 5;

export function count(value: number): string {
  return value.toLocaleString('en-US');
}

/** large / small, two decimals; a small side under 0.1 counts as 0.1 so the ratio stays finite. */
export function ratio(large: number, small: number): number {
  return Number((large / Math.max(small, 0.1)).toFixed(2));
}

/**
 * The growth verdict: the typical cost — latency p50 — may grow at most 1.5× (or by less than
 * NOISE_MS), throughput may shrink at most 1.5×, and neither side may have errors. p99 is judged
 * only where asked (`judgeP99`: the relay, where periodic work that scans the history shows up
 * in the tail and nowhere else); through the gateway, with 100 connections on 2 shared cores, it
 * moves with whatever else runs, so there it is shown, not judged. Returned as report notes, so
 * the table shows the figures the verdict comes from.
 */
export function growthNotes(
  small: LoadResult,
  large: LoadResult,
  { judgeP99 = false } = {},
): { notes: Record<string, number | string>; within: boolean; summary: string } {
  const p50 = ratio(large.p50, small.p50);
  const p99 = ratio(large.p99, small.p99);
  const rps = Number((large.rps / Math.max(small.rps, 1)).toFixed(2));
  const latencyHeld = p50 <= GROWTH_LIMIT || large.p50 - small.p50 < NOISE_MS;
  const tailHeld = !judgeP99 || p99 <= GROWTH_LIMIT || large.p99 - small.p99 < P99_NOISE_MS;
  const within = latencyHeld && tailHeld && rps >= 1 / GROWTH_LIMIT && large.errors === 0 && small.errors === 0;
  return {
    notes: { 'p50 × vs small': p50, 'p99 × vs small': p99, 'req/s × vs small': rps, [`within ${GROWTH_LIMIT}× (${judgeP99 ? 'p50, p99' : 'p50'}, req/s)`]: within ? 'yes' : 'NO' },
    within,
    summary: `p50 ${small.p50} → ${large.p50} ms (${p50}×), p99 ${small.p99} → ${large.p99} ms (${p99}×), req/s ${small.rps} → ${large.rps} (${rps}×): ${within ? 'within' : 'NOT within'} ${GROWTH_LIMIT}×`,
  };
}

export function row(name: string, load: LoadResult, extra: Record<string, number | string>): ScenarioResult {
  return { name, ...load, extra };
}
