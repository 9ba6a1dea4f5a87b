/**
 * Lock-strategy benchmark of reservation-service holds (docs/concurrency.md).
 *
 *   node -r @swc-node/register bench/locks/run.ts          (npm run bench:locks)
 *
 * For each strategy (RESERVATION_HOLD_STRATEGY) it creates a fresh database, starts TWO instances
 * of reservation-service as separate processes, and fires, per round:
 *   - "one seat":  1,000 concurrent hold requests, 1,000 different users, all for the same seat;
 *   - "50 seats":  1,000 concurrent hold requests, 1,000 different users, 20 per seat over 50 seats;
 * half to each instance, all in flight at once (one keep-alive connection per request). It reports
 * throughput, latency percentiles, the answers, double holds found in the table afterwards, and
 * the database's work (pg_stat_database deltas, sampled lock waits).
 *
 * Environment: BENCH_STRATEGIES (comma list, default every strategy), BENCH_ROUNDS (default 3),
 * BENCH_REQUESTS (default 1000), BENCH_OUT (JSON result file, default bench/locks/results/latest.json),
 * DATABASE_URL / KAFKA_BROKERS as for the services.
 */
import { randomUUID } from 'node:crypto';
import { mkdirSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { createTestDatabase, repoRoot, spawnTsProcess, type SpawnedProcess, testInfra, uniqueTopicPrefix } from '@concert/testing';
import { Client } from 'pg';
import { Pool } from 'undici';

const STRATEGIES = ['on-conflict', 'unique-insert', 'pessimistic', 'optimistic', 'none'] as const;
type Strategy = (typeof STRATEGIES)[number];

const strategies = (process.env['BENCH_STRATEGIES'] ?? STRATEGIES.join(','))
  .split(',')
  .map((name) => name.trim())
  .filter((name): name is Strategy => (STRATEGIES as readonly string[]).includes(name));
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

function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) return 0;
  const index = Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1);
  return sorted[Math.max(0, index)];
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

/** Samples how many of the database's sessions wait on a lock, every 10 ms, until stopped. */
function sampleLockWaits(sql: Client, database: string): { stop(): Promise<{ max: number; mean: number }> } {
  let running = true;
  const samples: number[] = [];
  const loop = (async () => {
    while (running) {
      const { rows } = await sql.query<{ waits: number }>(
        `SELECT count(*)::int AS waits FROM pg_stat_activity WHERE datname = $1 AND wait_event_type = 'Lock'`,
        [database],
      );
      samples.push(rows[0]?.waits ?? 0);
      await new Promise((resolve) => setTimeout(resolve, 10));
    }
  })();
  return {
    async stop() {
      running = false;
      await loop;
      return { max: Math.max(0, ...samples), mean: samples.length ? samples.reduce((a, b) => a + b, 0) / samples.length : 0 };
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

/** Fires every request at once (each on its own connection) and times each one. */
async function fire(pools: Pool[], requests: Array<{ scheduleId: string; seatNo: number }>) {
  const latencies: number[] = [];
  const statuses: Array<{ status: number; code?: string; seatNo: number }> = [];
  const started = performance.now();
  await Promise.all(
    requests.map(async (hold, index) => {
      const pool = pools[index % pools.length];
      const t0 = performance.now();
      try {
        const response = await pool.request({
          path: '/api/v1/reservations',
          method: 'POST',
          headers: { 'content-type': 'application/json', 'x-user-id': randomUUID() },
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

async function runStrategy(strategy: Strategy): Promise<ScenarioResult[]> {
  const database = await createTestDatabase(`bench_locks_${strategy}`);
  const sql = new Client({ connectionString: database.url, options: '-c search_path=reservation,public' });
  const sampler = new Client({ connectionString: database.url });
  const children: SpawnedProcess[] = [];
  const pools: Pool[] = [];
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
          'apps/reservation-service/src/main.ts',
          {
            DATABASE_URL: database.url,
            KAFKA_BROKERS: testInfra.kafkaBrokers.join(','),
            KAFKA_TOPIC_PREFIX: prefix,
            PORT: String(port),
            HOST: '127.0.0.1',
            INSTANCE_ID: `bench-${strategy}-${i}`,
            LOG_LEVEL: 'error',
            RESERVATION_HOLD_STRATEGY: strategy,
            // Every request is another user; the limit plays no part here.
            RESERVATION_MAX_HOLDS_PER_USER: '4',
          },
          { name: `reservation-${strategy}-${i}`, readyUrl: `${baseUrl}/health`, readyTimeoutMs: 60_000 },
        ),
      );
      baseUrls.push(baseUrl);
      pools.push(new Pool(baseUrl, { connections: Math.ceil(REQUESTS / INSTANCES), pipelining: 1, keepAliveTimeout: 60_000 }));
    }

    // Warm-up: opens every client connection, fills both services' pools and JIT-compiles the path.
    const warmup = await seedSchedule(sql);
    await fire(pools, Array.from({ length: REQUESTS }, (_, index) => ({ scheduleId: warmup, seatNo: (index % SEATS) + 1 })));

    // The services' own background database work per ms while nobody calls them.
    await sleep(SETTLE_MS);
    const idleStart = await dbCounters(sampler, database.name);
    const idleStartedAt = performance.now();
    await sleep(SETTLE_MS);
    const idleMs = performance.now() - idleStartedAt;
    const idleTotals = diff(await dbCounters(sampler, database.name), idleStart);
    const perMs = { ...idleTotals };
    for (const key of Object.keys(perMs) as Array<keyof DbCounters>) perMs[key] = idleTotals[key] / idleMs;
    console.log(`${strategy}: idle background ${((perMs.xact_commit + perMs.xact_rollback) * 1000).toFixed(1)} transactions/s (subtracted)`);

    const table = strategy === 'none' ? 'reservations_unguarded' : 'reservations';
    const results: ScenarioResult[] = [];
    for (let round = 1; round <= ROUNDS; round++) {
      for (const scenario of ['one seat', '50 seats'] as const) {
        const scheduleId = await seedSchedule(sql);
        const requests = Array.from({ length: REQUESTS }, (_, index) => ({ scheduleId, seatNo: scenario === 'one seat' ? 1 : (index % SEATS) + 1 }));
        await sleep(SETTLE_MS); // let the statistics of earlier work arrive
        const before = await dbCounters(sampler, database.name);
        const windowStart = performance.now();
        const backstopBefore = await metricSum(baseUrls, 'reservation_hold_backstop_conflicts_total');
        const optimisticBefore = await metricSum(baseUrls, 'reservation_hold_optimistic_conflicts_total');
        const locks = sampleLockWaits(sampler, database.name);
        const run = await fire(pools, requests);
        const lockWaits = await locks.stop();
        await sleep(SETTLE_MS);
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
          lockWaitsMax: lockWaits.max,
          lockWaitsMean: Number(lockWaits.mean.toFixed(2)),
          backstopConflicts: (await metricSum(baseUrls, 'reservation_hold_backstop_conflicts_total')) - backstopBefore,
          optimisticConflicts: (await metricSum(baseUrls, 'reservation_hold_optimistic_conflicts_total')) - optimisticBefore,
        });
        const last = results[results.length - 1];
        console.log(
          `${strategy.padEnd(13)} ${scenario.padEnd(8)} r${round}: ${last.throughput} req/s, p50 ${last.p50} ms, p99 ${last.p99} ms, ` +
            `201=${last.created} 409=${last.refused} failures=${last.failures} double=${last.doubleHolds} ` +
            `commits=${last.db.xact_commit} rollbacks=${last.db.xact_rollback} lockwait max=${last.lockWaitsMax}`,
        );
      }
    }
    return results;
  } finally {
    await Promise.allSettled(pools.map((pool) => pool.close()));
    await Promise.allSettled(children.map((child) => child.stop(10_000)));
    await sql.end().catch(() => undefined);
    await sampler.end().catch(() => undefined);
    await database.drop();
  }
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor((sorted.length - 1) / 2)];
}

function summarise(results: ScenarioResult[]): string {
  const lines = [
    '| strategy | scenario | req/s | p50 ms | p99 ms | 201 | 409 | failures | double holds | commits | rollbacks | tuples ins/upd | lock waits max/mean | backstop hits |',
    '|---|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|',
  ];
  for (const strategy of strategies) {
    for (const scenario of ['one seat', '50 seats'] as const) {
      const runs = results.filter((result) => result.strategy === strategy && result.scenario === scenario);
      if (runs.length === 0) continue;
      const m = (pick: (result: ScenarioResult) => number) => median(runs.map(pick));
      const sum = (pick: (result: ScenarioResult) => number) => runs.reduce((total, result) => total + pick(result), 0);
      lines.push(
        `| ${strategy} | ${scenario} | ${m((r) => r.throughput)} | ${m((r) => r.p50)} | ${m((r) => r.p99)} | ` +
          `${runs.map((r) => r.created).join('/')} | ${m((r) => r.refused)} | ${sum((r) => r.failures)} | ${sum((r) => r.doubleHolds)} | ` +
          `${m((r) => r.db.xact_commit)} | ${m((r) => r.db.xact_rollback)} | ${m((r) => r.db.tup_inserted)}/${m((r) => r.db.tup_updated)} | ` +
          `${m((r) => r.lockWaitsMax)}/${m((r) => r.lockWaitsMean)} | ${sum((r) => r.backstopConflicts)} |`,
      );
    }
  }
  return lines.join('\n');
}

async function main(): Promise<void> {
  if (strategies.length === 0) throw new Error(`BENCH_STRATEGIES names none of ${STRATEGIES.join(', ')}`);
  const startedAt = new Date();
  const loadBefore = os.loadavg().map((value) => value.toFixed(2)).join(' ');
  console.log(`lock benchmark: ${strategies.join(', ')}; ${ROUNDS} rounds of ${REQUESTS} requests per scenario; ${INSTANCES} instances each`);
  const results: ScenarioResult[] = [];
  for (const strategy of strategies) results.push(...(await runStrategy(strategy)));
  const table = summarise(results);
  const machine = `${os.cpus().length} × ${os.cpus()[0]?.model ?? 'cpu'}, ${Math.round(os.totalmem() / 2 ** 30)} GB RAM, ${os.type()} ${os.release()}, Node ${process.version}`;
  const loadAverage = `load average ${loadBefore} at the start, ${os.loadavg().map((value) => value.toFixed(2)).join(' ')} at the end`;
  console.log(`\n${table}\n\nmedians over ${ROUNDS} rounds (201 column: every round); machine: ${machine}; ${startedAt.toISOString()}; ${loadAverage}`);
  mkdirSync(path.dirname(OUT), { recursive: true });
  writeFileSync(OUT, `${JSON.stringify({ startedAt: startedAt.toISOString(), machine, loadAverage, rounds: ROUNDS, requests: REQUESTS, instances: INSTANCES, results, table }, null, 2)}\n`);
  console.log(`results written to ${path.relative(repoRoot, OUT)}`);
  const unsafe = results.filter((result) => result.strategy !== 'none' && (result.doubleHolds > 0 || result.created !== result.expectedHolds));
  if (unsafe.length > 0) {
    console.error(`GUARANTEE BROKEN by ${[...new Set(unsafe.map((result) => result.strategy))].join(', ')}`);
    process.exitCode = 1;
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
