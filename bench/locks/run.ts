/**
 * Lock-strategy benchmark of reservation-service holds (docs/concurrency.md).
 *
 *   node -r @swc-node/register bench/locks/run.ts          (npm run bench:locks)
 *
 * For each run (a strategy of bench/locks/strategies/, in a mode) it creates a fresh database,
 * starts TWO instances of reservation-service as separate processes (its benchmark entry,
 * bench/locks/reservation-service.main.ts, which plugs the strategy in), and fires, per round:
 *   - "one seat":  1,000 concurrent hold requests, 1,000 different users, all for the same seat;
 *   - "50 seats":  1,000 concurrent hold requests, 1,000 different users, 20 per seat over 50 seats;
 * half to each instance, all in flight at once (one keep-alive connection per request), each with
 * the signed caller assertion the gateway would send (the services believe nothing else). It reports
 * throughput, latency percentiles, the answers, double holds found in the table afterwards, and
 * the database's work (pg_stat_database deltas, sampled lock waits). Round 0 of each run is a
 * warm-up: measured the same way, printed, left out of the summary.
 *
 * Modes: `product` = the service as shipped (a seat already occupied at the first read is refused
 * without a transaction); `strategy` = no early refusal (BENCH_HOLD_EARLY_REFUSAL=false), so all
 * 1,000 requests go through the strategy — the comparison of the strategies themselves.
 *
 * Environment: BENCH_RUNS (comma list of strategy:mode, default every strategy in `strategy` mode
 * plus on-conflict in `product` mode), BENCH_ROUNDS (default 3),
 * BENCH_REQUESTS (default 1000), BENCH_OUT (JSON result file, default bench/locks/results/latest.json),
 * DATABASE_URL / KAFKA_BROKERS / INTERNAL_ASSERTION_KEY as for the services.
 */
import { randomUUID } from 'node:crypto';
import { mkdirSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { CALLER_ASSERTION_HEADER, DEV_INTERNAL_ASSERTION_KEY, signCallerAssertion } from '@concert/platform';
import { createTestDatabase, repoRoot, spawnTsProcess, type SpawnedProcess, testInfra, uniqueTopicPrefix } from '@concert/testing';
import { Client } from 'pg';
import { Pool } from 'undici';
import { cpuMsOf } from '../lib/cpu';
import { percentile } from '../lib/http';
import { HOLD_STRATEGY_NAMES, type HoldStrategyName } from './strategies/hold-strategy.factory';

const STRATEGIES = HOLD_STRATEGY_NAMES;
type Strategy = HoldStrategyName;

const MODES = ['product', 'strategy'] as const;
type Mode = (typeof MODES)[number];
interface BenchRun {
  strategy: Strategy;
  mode: Mode;
}
const DEFAULT_RUNS = ['on-conflict:product', ...STRATEGIES.map((strategy) => `${strategy}:strategy`)].join(',');
const runs: BenchRun[] = (process.env['BENCH_RUNS'] ?? DEFAULT_RUNS).split(',').map((spec) => {
  const [strategy, mode = 'strategy'] = spec.trim().split(':');
  if (!(STRATEGIES as readonly string[]).includes(strategy ?? '') || !(MODES as readonly string[]).includes(mode)) {
    throw new Error(`BENCH_RUNS: "${spec}" is not <${STRATEGIES.join('|')}>:<${MODES.join('|')}>`);
  }
  return { strategy: strategy as Strategy, mode: mode as Mode };
});
const ROUNDS = Number(process.env['BENCH_ROUNDS'] ?? 3);
const REQUESTS = Number(process.env['BENCH_REQUESTS'] ?? 1_000);
const INSTANCES = 2;
const SEATS = 50;
const OUT = path.resolve(repoRoot, process.env['BENCH_OUT'] ?? 'bench/locks/results/latest.json');
/**
 * An idle Postgres backend publishes its statistics up to 10 s late (PGSTAT_IDLE_INTERVAL), so
 * the counters are read this long after a run; the services' own background work in that window
 * (sweeper probes, relay polls) is measured while idle and subtracted.
 */
const SETTLE_MS = Number(process.env['BENCH_STATS_SETTLE_MS'] ?? 11_000);
/** Signs the caller assertions, as the gateway does; the services are given the same key. */
const ASSERTION_KEY = process.env['INTERNAL_ASSERTION_KEY'] ?? DEV_INTERNAL_ASSERTION_KEY;
const HOLD_PATH = '/api/v1/reservations';

interface DbCounters {
  xact_commit: number;
  xact_rollback: number;
  tup_inserted: number;
  tup_updated: number;
  blks_hit: number;
  blks_read: number;
  deadlocks: number;
}

interface ScenarioResult {
  strategy: Strategy;
  mode: Mode;
  /** Round 0 runs exactly like the others and is left out of the summary (warm-up). */
  warmup: boolean;
  scenario: 'one seat' | '50 seats';
  round: number;
  requests: number;
  wallMs: number;
  throughput: number;
  p50: number;
  p90: number;
  p99: number;
  max: number;
  created: number;
  refused: number;
  failures: number;
  failureSamples: string[];
  expectedHolds: number;
  liveRows: number;
  doubleHolds: number;
  db: DbCounters;
  lockWaitsMax: number;
  lockWaitsMean: number;
  /** CPU time of both service processes during the burst. */
  serviceCpuMs: number;
  /** CPU time of the database's backend processes during the burst. */
  postgresCpuMs: number;
  backstopConflicts: number;
  optimisticConflicts: number;
}

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}

async function dbCounters(sql: Client, database: string): Promise<DbCounters> {
  await sql.query('SELECT pg_stat_clear_snapshot()');
  const { rows } = await sql.query<Record<keyof DbCounters, string>>(
    `SELECT xact_commit, xact_rollback, tup_inserted, tup_updated, blks_hit, blks_read, deadlocks FROM pg_stat_database WHERE datname = $1`,
    [database],
  );
  const row = rows[0];
  if (!row) throw new Error(`no pg_stat_database row for ${database}`);
  return {
    xact_commit: Number(row.xact_commit),
    xact_rollback: Number(row.xact_rollback),
    tup_inserted: Number(row.tup_inserted),
    tup_updated: Number(row.tup_updated),
    blks_hit: Number(row.blks_hit),
    blks_read: Number(row.blks_read),
    deadlocks: Number(row.deadlocks),
  };
}

function diff(after: DbCounters, before: DbCounters, background?: { perMs: DbCounters; ms: number }): DbCounters {
  const result = { ...after };
  for (const key of Object.keys(after) as Array<keyof DbCounters>) {
    const idle = background ? Math.round(background.perMs[key] * background.ms) : 0;
    result[key] = Math.max(0, after[key] - before[key] - idle);
  }
  return result;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

async function backendPids(sql: Client, database: string): Promise<number[]> {
  const { rows } = await sql.query<{ pid: number }>(`SELECT pid FROM pg_stat_activity WHERE datname = $1`, [database]);
  return rows.map((row) => row.pid);
}

/**
 * Watches the database's sessions every 10 ms until stopped: how many wait on a lock, and which
 * backend processes serve it — so their CPU time can be added up afterwards (a backend that
 * started during the run counts from 0; one alive at the start from its CPU time then).
 */
async function watchDatabase(sql: Client, database: string) {
  const cpuAtStart = new Map((await backendPids(sql, database)).map((pid) => [pid, cpuMsOf(pid)] as const));
  const seen = new Set<number>(cpuAtStart.keys());
  let running = true;
  const samples: number[] = [];
  const loop = (async () => {
    while (running) {
      const { rows } = await sql.query<{ pid: number; waiting: boolean }>(
        `SELECT pid, wait_event_type = 'Lock' AS waiting FROM pg_stat_activity WHERE datname = $1`,
        [database],
      );
      for (const row of rows) seen.add(row.pid);
      samples.push(rows.filter((row) => row.waiting).length);
      await new Promise((resolve) => setTimeout(resolve, 10));
    }
  })();
  return {
    async stop() {
      running = false;
      await loop;
      for (const pid of await backendPids(sql, database)) seen.add(pid);
      const postgresCpuMs = [...seen].reduce((sum, pid) => sum + Math.max(0, cpuMsOf(pid) - (cpuAtStart.get(pid) ?? 0)), 0);
      return {
        lockWaitsMax: Math.max(0, ...samples),
        lockWaitsMean: samples.length ? samples.reduce((a, b) => a + b, 0) / samples.length : 0,
        postgresCpuMs,
      };
    },
  };
}

async function counterValue(baseUrl: string, metric: string): Promise<number> {
  const text = await (await fetch(`${baseUrl}/metrics`)).text();
  return text
    .split('\n')
    .filter((line) => line.startsWith(metric))
    .reduce((sum, line) => sum + Number(line.split(' ').pop()), 0);
}

async function metricSum(baseUrls: string[], metric: string): Promise<number> {
  return (await Promise.all(baseUrls.map((url) => counterValue(url, metric)))).reduce((a, b) => a + b, 0);
}

async function seedSchedule(sql: Client, price = 80_000): Promise<string> {
  const scheduleId = randomUUID();
  await sql.query(`INSERT INTO catalog_schedules (schedule_id, concert_id, starts_at) VALUES ($1, $2, now() + interval '30 days')`, [
    scheduleId,
    randomUUID(),
  ]);
  await sql.query(`INSERT INTO catalog_seats (schedule_id, seat_no, price) SELECT $1, n, $2 FROM generate_series(1, ${SEATS}) AS n`, [scheduleId, price]);
  return scheduleId;
}

/**
 * What the gateway sends reservation-service for a hold: the caller — a new user per request —
 * and the id of that user's ACTIVE queue token (there is no queue here: an id of its own), signed
 * for this one request.
 */
function holdAssertion(): string {
  return signCallerAssertion({ sub: randomUUID(), qtid: randomUUID(), iss: 'bench', m: 'POST', p: HOLD_PATH }, ASSERTION_KEY, Date.now());
}

/** Fires every request at once (each on its own connection) and times each one. */
async function fire(pools: Pool[], requests: Array<{ scheduleId: string; seatNo: number }>) {
  const latencies: number[] = [];
  const statuses: Array<{ status: number; code?: string; seatNo: number }> = [];
  // Signed before the clock starts; an assertion stays valid 30 s, far longer than a burst.
  const signed = requests.map((hold) => ({ hold, assertion: holdAssertion() }));
  const started = performance.now();
  await Promise.all(
    signed.map(async ({ hold, assertion }, index) => {
      const pool = pools[index % pools.length];
      const t0 = performance.now();
      try {
        const response = await pool.request({
          path: HOLD_PATH,
          method: 'POST',
          headers: { 'content-type': 'application/json', [CALLER_ASSERTION_HEADER]: assertion },
          body: JSON.stringify(hold),
        });
        const text = await response.body.text();
        let code: string | undefined;
        try {
          code = (JSON.parse(text) as { code?: string }).code;
        } catch {
          code = text.slice(0, 80);
        }
        statuses.push({ status: response.statusCode, code, seatNo: hold.seatNo });
      } catch (error) {
        statuses.push({ status: 0, code: error instanceof Error ? error.message : String(error), seatNo: hold.seatNo });
      }
      latencies.push(performance.now() - t0);
    }),
  );
  return { wallMs: performance.now() - started, latencies: latencies.sort((a, b) => a - b), statuses };
}

async function runStrategy({ strategy, mode }: BenchRun): Promise<ScenarioResult[]> {
  const database = await createTestDatabase(`bench_locks_${strategy}_${mode}`);
  const sql = new Client({ connectionString: database.url, options: '-c search_path=reservation,public' });
  // Watches from the maintenance database, so its own queries are not counted in the bench database.
  const maintenanceUrl = new URL(database.url);
  maintenanceUrl.pathname = '/postgres';
  const sampler = new Client({ connectionString: maintenanceUrl.toString() });
  const children: SpawnedProcess[] = [];
  const pools: Pool[] = [];
  const cleanup = async () => {
    await Promise.allSettled(pools.map((pool) => pool.close()));
    await Promise.allSettled(children.map((child) => child.stop(10_000)));
    await sql.end().catch(() => undefined);
    await sampler.end().catch(() => undefined);
    await database.drop();
  };
  interruptCleanup = cleanup;
  try {
    const migrate = await spawnTsProcess('apps/reservation-service/src/migrate.ts', { DATABASE_URL: database.url }, { name: 'migrate' });
    if ((await migrate.exited) !== 0) throw new Error(`migrations failed:\n${migrate.output()}`);
    await sql.connect();
    await sampler.connect();
    // The negative control's table: the product's columns and checks, WITHOUT the partial unique
    // index (a plain index keeps its check as cheap as the others'). Only `none` writes here.
    await sql.query(`CREATE TABLE reservations_unguarded (LIKE reservations INCLUDING DEFAULTS INCLUDING CONSTRAINTS)`);
    await sql.query(`CREATE INDEX ON reservations_unguarded (schedule_id, seat_no)`);

    const prefix = uniqueTopicPrefix();
    const baseUrls: string[] = [];
    for (let i = 0; i < INSTANCES; i++) {
      const port = await freePort();
      const baseUrl = `http://127.0.0.1:${port}`;
      children.push(
        await spawnTsProcess(
          'bench/locks/reservation-service.main.ts',
          {
            DATABASE_URL: database.url,
            KAFKA_BROKERS: testInfra.kafkaBrokers.join(','),
            KAFKA_TOPIC_PREFIX: prefix,
            PORT: String(port),
            HOST: '127.0.0.1',
            INSTANCE_ID: `bench-${strategy}-${mode}-${i}`,
            INTERNAL_ASSERTION_KEY: ASSERTION_KEY,
            LOG_LEVEL: 'error',
            BENCH_HOLD_STRATEGY: strategy,
            BENCH_HOLD_EARLY_REFUSAL: mode === 'product' ? 'true' : 'false',
            // Holds last 300 s: nothing expires during a run. Without the sweeper's probes and with
            // the relay woken by NOTIFY only, the services do next to nothing in the background,
            // so the database counters measure the holds.
            RESERVATION_EXPIRY_SWEEPER_ENABLED: 'false',
            OUTBOX_POLL_INTERVAL_MS: '60000',
            // Every request is another user; the limit plays no part here.
            RESERVATION_MAX_HOLDS_PER_USER: '4',
          },
          { name: `reservation-${strategy}-${mode}-${i}`, readyUrl: `${baseUrl}/health`, readyTimeoutMs: 60_000 },
        ),
      );
      baseUrls.push(baseUrl);
      pools.push(new Pool(baseUrl, { connections: Math.ceil(REQUESTS / INSTANCES), pipelining: 1, keepAliveTimeout: 60_000 }));
    }

    // Warm-up: opens every client connection, fills both services' pools and JIT-compiles the path.
    const warmup = await seedSchedule(sql);
    await fire(pools, Array.from({ length: REQUESTS }, (_, index) => ({ scheduleId: warmup, seatNo: (index % SEATS) + 1 })));

    // Every schedule of the run is seeded now, so the counters between two snapshots hold nothing
    // but one scenario's requests (and the services' idle background, measured next and subtracted).
    const schedules = new Map<string, string>();
    for (let round = 0; round <= ROUNDS; round++) {
      for (const scenario of ['one seat', '50 seats']) schedules.set(`${round}:${scenario}`, await seedSchedule(sql));
    }
    await sleep(SETTLE_MS);
    const idleStart = await dbCounters(sampler, database.name);
    const idleStartedAt = performance.now();
    await sleep(SETTLE_MS);
    let before = await dbCounters(sampler, database.name);
    const idleMs = performance.now() - idleStartedAt;
    const idleTotals = diff(before, idleStart);
    const perMs = { ...idleTotals };
    for (const key of Object.keys(perMs) as Array<keyof DbCounters>) perMs[key] = idleTotals[key] / idleMs;
    console.log(`${strategy}:${mode}: idle background ${((perMs.xact_commit + perMs.xact_rollback) * 1000).toFixed(1)} transactions/s (subtracted)`);

    const table = strategy === 'none' ? 'reservations_unguarded' : 'reservations';
    const results: ScenarioResult[] = [];
    for (let round = 0; round <= ROUNDS; round++) {
      for (const scenario of ['one seat', '50 seats'] as const) {
        const scheduleId = schedules.get(`${round}:${scenario}`) as string;
        const requests = Array.from({ length: REQUESTS }, (_, index) => ({ scheduleId, seatNo: scenario === 'one seat' ? 1 : (index % SEATS) + 1 }));
        const windowStart = performance.now();
        const backstopBefore = await metricSum(baseUrls, 'reservation_hold_backstop_conflicts_total');
        const optimisticBefore = await metricSum(baseUrls, 'reservation_hold_optimistic_conflicts_total');
        const watch = await watchDatabase(sampler, database.name);
        const serviceCpuBefore = children.reduce((sum, child) => sum + cpuMsOf(child.pid), 0);
        const run = await fire(pools, requests);
        const serviceCpuMs = children.reduce((sum, child) => sum + cpuMsOf(child.pid), 0) - serviceCpuBefore;
        const watched = await watch.stop();
        await sleep(SETTLE_MS); // an idle backend reports its statistics up to 10 s late
        const after = await dbCounters(sampler, database.name);
        const windowMs = performance.now() - windowStart;

        const { rows } = await sql.query<{ seat_no: number; holders: number }>(
          `SELECT seat_no, count(*)::int AS holders FROM ${table} WHERE schedule_id = $1 AND status IN ('HELD', 'CONFIRMED') GROUP BY seat_no`,
          [scheduleId],
        );
        const created = run.statuses.filter((answer) => answer.status === 201).length;
        const refused = run.statuses.filter((answer) => answer.status === 409).length;
        const failed = run.statuses.filter((answer) => answer.status !== 201 && answer.status !== 409);
        results.push({
          strategy,
          mode,
          warmup: round === 0,
          scenario,
          round,
          requests: REQUESTS,
          wallMs: Math.round(run.wallMs),
          throughput: Math.round((REQUESTS / run.wallMs) * 1000),
          p50: Math.round(percentile(run.latencies, 50)),
          p90: Math.round(percentile(run.latencies, 90)),
          p99: Math.round(percentile(run.latencies, 99)),
          max: Math.round(run.latencies[run.latencies.length - 1] ?? 0),
          created,
          refused,
          failures: failed.length,
          failureSamples: [...new Set(failed.map((answer) => `${answer.status} ${answer.code ?? ''}`))].slice(0, 3),
          expectedHolds: scenario === 'one seat' ? 1 : SEATS,
          liveRows: rows.reduce((sum, row) => sum + row.holders, 0),
          doubleHolds: rows.reduce((sum, row) => sum + Math.max(0, row.holders - 1), 0),
          db: diff(after, before, { perMs, ms: windowMs }),
          lockWaitsMax: watched.lockWaitsMax,
          lockWaitsMean: Number(watched.lockWaitsMean.toFixed(2)),
          serviceCpuMs: Math.round(serviceCpuMs),
          postgresCpuMs: Math.round(watched.postgresCpuMs),
          backstopConflicts: (await metricSum(baseUrls, 'reservation_hold_backstop_conflicts_total')) - backstopBefore,
          optimisticConflicts: (await metricSum(baseUrls, 'reservation_hold_optimistic_conflicts_total')) - optimisticBefore,
        });
        const last = results[results.length - 1];
        console.log(
          `${`${strategy}:${mode}`.padEnd(22)} ${scenario.padEnd(8)} r${round}: ${last.throughput} req/s, p50 ${last.p50} ms, p99 ${last.p99} ms, ` +
            `201=${last.created} 409=${last.refused} failures=${last.failures} double=${last.doubleHolds} ` +
            `commits=${last.db.xact_commit} rollbacks=${last.db.xact_rollback} lockwait max=${last.lockWaitsMax} ` +
            `cpu service/postgres=${last.serviceCpuMs}/${last.postgresCpuMs} ms`,
        );
        before = after;
      }
    }
    return results;
  } finally {
    interruptCleanup = undefined;
    await cleanup();
  }
}

/** Ctrl-C (or a kill) stops the services and drops the database of the run under way. */
let interruptCleanup: (() => Promise<void>) | undefined;
for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.once(signal, () => {
    console.error(`\n${signal}: stopping the services and dropping the benchmark database…`);
    void (interruptCleanup?.() ?? Promise.resolve()).finally(() => process.exit(130));
  });
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor((sorted.length - 1) / 2)];
}

function summarise(results: ScenarioResult[]): string {
  const lines = [
    '| strategy | mode | scenario | req/s (min–max) | p50 ms | p99 ms | 201 per round | 409 | failures | double holds | CPU ms / request: service + postgres | commits | rollbacks | tuples ins/upd | buffer hits | lock waits max/mean | optimistic retries | backstop hits |',
    '|---|---|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|',
  ];
  for (const { strategy, mode } of runs) {
    for (const scenario of ['one seat', '50 seats'] as const) {
      const rounds = results.filter((result) => !result.warmup && result.strategy === strategy && result.mode === mode && result.scenario === scenario);
      if (rounds.length === 0) continue;
      const m = (pick: (result: ScenarioResult) => number) => median(rounds.map(pick));
      const sum = (pick: (result: ScenarioResult) => number) => rounds.reduce((total, result) => total + pick(result), 0);
      const throughputs = rounds.map((r) => r.throughput);
      lines.push(
        `| ${strategy} | ${mode} | ${scenario} | ${m((r) => r.throughput)} (${Math.min(...throughputs)}–${Math.max(...throughputs)}) | ${m((r) => r.p50)} | ${m((r) => r.p99)} | ` +
          `${rounds.map((r) => r.created).join('/')} | ${m((r) => r.refused)} | ${sum((r) => r.failures)} | ${sum((r) => r.doubleHolds)} | ` +
          `${(m((r) => r.serviceCpuMs) / REQUESTS).toFixed(2)} + ${(m((r) => r.postgresCpuMs) / REQUESTS).toFixed(2)} | ` +
          `${m((r) => r.db.xact_commit)} | ${m((r) => r.db.xact_rollback)} | ${m((r) => r.db.tup_inserted)}/${m((r) => r.db.tup_updated)} | ${m((r) => r.db.blks_hit)} | ` +
          `${m((r) => r.lockWaitsMax)}/${m((r) => r.lockWaitsMean)} | ${sum((r) => r.optimisticConflicts)} | ${sum((r) => r.backstopConflicts)} |`,
      );
    }
  }
  return lines.join('\n');
}

async function main(): Promise<void> {
  const startedAt = new Date();
  const loadBefore = os.loadavg().map((value) => value.toFixed(2)).join(' ');
  console.log(`lock benchmark: ${runs.map((run) => `${run.strategy}:${run.mode}`).join(', ')}; ${ROUNDS} rounds of ${REQUESTS} requests per scenario; ${INSTANCES} instances each`);
  const results: ScenarioResult[] = [];
  for (const run of runs) results.push(...(await runStrategy(run)));
  const table = summarise(results);
  const machine = `${os.cpus().length} × ${os.cpus()[0]?.model ?? 'cpu'}, ${Math.round(os.totalmem() / 2 ** 30)} GB RAM, ${os.type()} ${os.release()}, Node ${process.version}`;
  const loadAverage = `load average ${loadBefore} at the start, ${os.loadavg().map((value) => value.toFixed(2)).join(' ')} at the end`;
  console.log(`\n${table}\n\nmedians over ${ROUNDS} rounds after a warm-up round (201 column: every round); machine: ${machine}; ${startedAt.toISOString()}; ${loadAverage}`);
  mkdirSync(path.dirname(OUT), { recursive: true });
  writeFileSync(OUT, `${JSON.stringify({ startedAt: startedAt.toISOString(), machine, loadAverage, rounds: ROUNDS, requests: REQUESTS, instances: INSTANCES, results, table }, null, 2)}\n`);
  console.log(`results written to ${path.relative(repoRoot, OUT)}`);
  const unsafe = results.filter((result) => result.strategy !== 'none' && (result.doubleHolds > 0 || result.created !== result.expectedHolds));
  if (unsafe.length > 0) {
    console.error(`GUARANTEE BROKEN by ${[...new Set(unsafe.map((result) => `${result.strategy}:${result.mode}`))].join(', ')}`);
    process.exitCode = 1;
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
