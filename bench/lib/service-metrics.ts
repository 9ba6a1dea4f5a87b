/**
 * Reads histograms from the services' Prometheus endpoints (every replica and worker), to say where a
 * scenario's latency went: e.g. the outbox relay lag and the event handling time of the saga.
 */
import type { RunningSystem, ServiceName } from '../../scripts/system/system';

export interface HistogramTotals {
  sum: number;
  count: number;
}

/** Sum and count of a histogram over every replica of a service (optionally one label set). */
export async function histogramTotals(system: RunningSystem, service: ServiceName, name: string, labels: Record<string, string> = {}): Promise<HistogramTotals> {
  const wanted = Object.entries(labels).map(([key, value]) => `${key}="${value}"`);
  const totals: HistogramTotals = { sum: 0, count: 0 };
  for (const url of system.instanceUrls(service)) {
    const text = await (await fetch(`${url}/metrics`)).text();
    for (const line of text.split('\n')) {
      const match = /^(\w+?)_(sum|count)(?:\{([^}]*)\})? ([\d.e+-]+)$/.exec(line);
      if (!match || match[1] !== name || !wanted.every((label) => (match[3] ?? '').includes(label))) continue;
      totals[match[2] as 'sum' | 'count'] += Number(match[4]);
    }
  }
  return totals;
}

/** Mean in milliseconds of what a histogram (in seconds) gained between two readings. */
export function meanMsBetween(before: HistogramTotals, after: HistogramTotals): number {
  const count = after.count - before.count;
  return count > 0 ? Math.round((1000 * (after.sum - before.sum)) / count) : 0;
}
