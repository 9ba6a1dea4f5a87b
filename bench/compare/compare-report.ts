/** One journey run of one build, read from the result file its benchmark wrote. */
export interface BuildRound {
  purchasesPerSecond: number;
  cpuMsPerPurchase: number;
  /** CPU-ms per purchase of each process group (gateway, postgres, kafka (java), …). */
  cpuMsByProcess: Record<string, number>;
  payToConfirmedP50Ms: number;
  payToConfirmedP99Ms: number;
  errors: number;
  doubleBookings: number;
  reconciliation: string;
  /** Purchases confirmed in the recorded journeys (the closed loop and the paced ones). */
  purchases: number;
  /** Database transactions (commits and rollbacks) over the whole run, per recorded purchase. */
  transactionsPerPurchase: number;
  /** Postgres WAL records over the whole run, per recorded purchase. */
  walRecordsPerPurchase: number;
}

/** What Postgres counted over a whole run. */
export interface PostgresCounts {
  transactions: number;
  walRecords: number;
}

interface ResultRow {
  name: string;
  errors: number;
  extra?: Record<string, unknown>;
}

function numberOf(extra: Record<string, unknown>, key: string): number {
  const value = extra[key];
  const parsed = typeof value === 'number' ? value : Number(value);
  if (!Number.isFinite(parsed)) throw new Error(`the journey result has no number "${key}"`);
  return parsed;
}

/** "43 total (postgres 11.5, payment-service 7.3, kafka (java) 4.2)" → total and per process. */
export function parseCpu(text: string): { total: number; byProcess: Record<string, number> } {
  const match = /^([\d.]+) total \((.*)\)$/.exec(text.trim());
  if (!match) throw new Error(`unreadable CPU ms per purchase: "${text}"`);
  const byProcess: Record<string, number> = {};
  for (const part of (match[2] ?? '').split(', ')) {
    const entry = /^(.*) ([\d.]+)$/.exec(part.trim());
    if (entry?.[1]) byProcess[entry[1]] = Number(entry[2]);
  }
  return { total: Number(match[1]), byProcess };
}

/** The closed-loop journey of a benchmark result file (any build's: the shape is the same since 1 Dec). */
export function readJourney(run: unknown, counts: PostgresCounts): BuildRound {
  const results = (run as { results?: ResultRow[] }).results ?? [];
  const journey = results.find((row) => row.name === 'full journey');
  if (!journey?.extra) throw new Error('the result file has no "full journey" row');
  const extra = journey.extra;
  const cpuText = extra['CPU ms per purchase'];
  const cpu = parseCpu(typeof cpuText === 'string' ? cpuText : '');
  const recorded = results.filter((row) => row.name === 'full journey' || row.name.startsWith('full journey, paced'));
  const purchases = recorded.reduce((sum, row) => sum + (row.extra ? numberOf(row.extra, 'confirmed') : 0), 0);
  return {
    purchasesPerSecond: numberOf(extra, 'purchases/s'),
    cpuMsPerPurchase: cpu.total,
    cpuMsByProcess: cpu.byProcess,
    payToConfirmedP50Ms: numberOf(extra, 'pay→CONFIRMED p50 ms'),
    payToConfirmedP99Ms: numberOf(extra, 'pay→CONFIRMED p99 ms'),
    errors: recorded.reduce((sum, row) => sum + row.errors, 0),
    doubleBookings: recorded.reduce((sum, row) => sum + (row.extra ? numberOf(row.extra, 'double bookings') : 0), 0),
    reconciliation: recorded.every((row) => row.extra?.['reconciliation'] === 'clean') ? 'clean' : 'NOT CLEAN',
    purchases,
    transactionsPerPurchase: purchases > 0 ? counts.transactions / purchases : Number.NaN,
    walRecordsPerPurchase: purchases > 0 ? counts.walRecords / purchases : Number.NaN,
  };
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? (sorted[middle] ?? Number.NaN) : ((sorted[middle - 1] ?? Number.NaN) + (sorted[middle] ?? Number.NaN)) / 2;
}

/** Each figure's median over the rounds; counts of faults are summed, reconciliation clean only if every round was. */
export function medianRound(rounds: BuildRound[]): BuildRound {
  const of = (pick: (round: BuildRound) => number) => median(rounds.map(pick));
  const processes = [...new Set(rounds.flatMap((round) => Object.keys(round.cpuMsByProcess)))];
  return {
    purchasesPerSecond: of((round) => round.purchasesPerSecond),
    cpuMsPerPurchase: of((round) => round.cpuMsPerPurchase),
    cpuMsByProcess: Object.fromEntries(processes.map((name) => [name, of((round) => round.cpuMsByProcess[name] ?? 0)])),
    payToConfirmedP50Ms: of((round) => round.payToConfirmedP50Ms),
    payToConfirmedP99Ms: of((round) => round.payToConfirmedP99Ms),
    errors: rounds.reduce((sum, round) => sum + round.errors, 0),
    doubleBookings: rounds.reduce((sum, round) => sum + round.doubleBookings, 0),
    reconciliation: rounds.every((round) => round.reconciliation === 'clean') ? 'clean' : 'NOT CLEAN',
    purchases: rounds.reduce((sum, round) => sum + round.purchases, 0),
    transactionsPerPurchase: of((round) => round.transactionsPerPurchase),
    walRecordsPerPurchase: of((round) => round.walRecordsPerPurchase),
  };
}

const fixed = (value: number, digits = 1) => (Number.isFinite(value) ? value.toFixed(digits) : 'n/a');

/** A build's rounds and their medians, as lines for the terminal. */
export function summarize(label: string, rounds: BuildRound[]): string {
  const m = medianRound(rounds);
  const byProcess = Object.entries(m.cpuMsByProcess)
    .sort(([, a], [, b]) => b - a)
    .map(([name, ms]) => `${name} ${fixed(ms)}`)
    .join(', ');
  return [
    `${label}:`,
    `  purchases/s ${fixed(m.purchasesPerSecond)} (rounds ${rounds.map((round) => fixed(round.purchasesPerSecond)).join(', ')})`,
    `  CPU-ms per purchase ${fixed(m.cpuMsPerPurchase)} (rounds ${rounds.map((round) => fixed(round.cpuMsPerPurchase)).join(', ')}): ${byProcess}`,
    `  pay → CONFIRMED p50 / p99 ms ${fixed(m.payToConfirmedP50Ms, 0)} / ${fixed(m.payToConfirmedP99Ms, 0)}`,
    `  per purchase, counted by Postgres over the whole run (start-up and warm-up included): transactions ${fixed(m.transactionsPerPurchase)}, WAL records ${fixed(m.walRecordsPerPurchase)}`,
    `  errors ${m.errors}, double bookings ${m.doubleBookings}, reconciliation ${m.reconciliation} (${m.purchases} purchases recorded)`,
  ].join('\n');
}

/** The last line: current against the baseline, as ratios of the medians. */
export function compareLine(current: BuildRound, baseline: BuildRound, ref: string): string {
  const ratio = (a: number, b: number) => (b > 0 ? (a / b).toFixed(2) : 'n/a');
  return `compare: purchases/s ×${ratio(current.purchasesPerSecond, baseline.purchasesPerSecond)}, CPU-ms per purchase ×${ratio(current.cpuMsPerPurchase, baseline.cpuMsPerPurchase)} (current vs ${ref})`;
}
