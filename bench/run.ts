/**
 * `npm run bench [-- --quick] [--only a,b] [--replicas n] [--workers n] [--journey-replicas n] [--journey-paced f,…] [--crowd-active n]`: the benchmark harness. Measures the machine's bare
 * ceiling for the system's shape, starts the system itself as `npm start` runs it (one instance of
 * each service unless --replicas says otherwise, plus one worker process each unless --workers says
 * otherwise; the full journey, and the crowd behind a narrow waiting room, each on its own system with two
 * instances and the workers),
 * runs every scenario through the gateway with autocannon, then the growth runs
 * (bench/growth/: small vs large data, each on its own system), and writes
 * bench/results/<date>.json plus the table and chart in docs/benchmarks.md / docs/benchmarks.svg.
 */
import { execFileSync } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { mkdirSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Client } from 'pg';
import { type Dispatcher, Pool } from 'undici';
import { Topics } from '@concert/contracts';
import { reconcile } from '../scripts/reconcile/reconcile';
import { type Ceiling, type RunningCeiling, startCeiling } from './ceiling/ceiling';
import { runGrowth } from './growth';
import { type ActiveCapacityWatch, watchActiveCapacity } from './lib/active-capacity';
import { type BenchSystem, startBenchSystem } from './lib/bench-system';
import { activeToken, admittedToken, buyersFor, createConcert, keepSignedIn, joinFeed, type QueueHeaders, type QueuedBuyer, signIn, signInMany } from './lib/buyers';
import { cpuBetween, sampleCpu, waitUntilQuiet } from './lib/cpu';
import { histogramTotals, type HistogramTotals, meanMsBetween } from './lib/service-metrics';
import { BenchHttp, mapConcurrent, percentile } from './lib/http';
import { DEFAULT_WARM_UP_SECONDS, feedOf, type LoadResult, runLoad } from './lib/load';
import { renderReport, type ScenarioResult } from './lib/report';

const ROOT = path.resolve(__dirname, '..');
const quick = process.argv.includes('--quick');
const onlyIndex = process.argv.indexOf('--only');
const only = onlyIndex > 0 ? new Set((process.argv[onlyIndex + 1] ?? '').split(',')) : undefined;
const replicasIndex = process.argv.indexOf('--replicas');
/** Instances of each backend service for the per-feature scenarios: npm start's default, 1, unless given. */
const REPLICAS = replicasIndex > 0 ? Number(process.argv[replicasIndex + 1]) : 1;
const workersIndex = process.argv.indexOf('--workers');
/** Worker processes of each backend service in every system: npm start's default, 1, unless given (0: none, every instance does both). */
const WORKERS = workersIndex > 0 ? Number(process.argv[workersIndex + 1]) : 1;
const journeyReplicasIndex = process.argv.indexOf('--journey-replicas');
/** The full journey runs with SERVICE_REPLICAS=2 — several instances of every service at once — unless given. */
const JOURNEY_REPLICAS = journeyReplicasIndex > 0 ? Number(process.argv[journeyReplicasIndex + 1]) : 2;
const journeyPacedIndex = process.argv.indexOf('--journey-paced');
/**
 * The paced journeys after the closed loop, each at a fraction of the closed loop's throughput:
 * half of it unless given (e.g. `--journey-paced 0.5,0.7,0.9` for the saga's latency as the load
 * approaches the maximum).
 */
const JOURNEY_PACED = journeyPacedIndex > 0 ? (process.argv[journeyPacedIndex + 1] ?? '').split(',').map(Number) : [0.5];
if (JOURNEY_PACED.some((fraction) => !(fraction > 0 && fraction <= 1))) throw new Error('--journey-paced takes fractions of the closed loop\'s throughput in (0, 1], comma-separated');
const crowdActiveIndex = process.argv.indexOf('--crowd-active');
/**
 * The crowd's waiting room: at most this many buyers active at once (QUEUE_MAX_ACTIVE_USERS), the
 * rest wait. With adaptive admission (--crowd-target) the room sizes itself below it.
 */
const CROWD_ACTIVE = crowdActiveIndex > 0 ? Number(process.argv[crowdActiveIndex + 1]) : 100;
if (!(Number.isInteger(CROWD_ACTIVE) && CROWD_ACTIVE > 0)) throw new Error('--crowd-active takes a positive integer');
const crowdTargetIndex = process.argv.indexOf('--crowd-target');
/**
 * The crowd's adaptive admission (QUEUE_ADMISSION_LATENCY_TARGET_MS): purchases confirmed later
 * than this after payment shrink the active set below --crowd-active; 0 keeps it fixed.
 */
const CROWD_TARGET_MS = crowdTargetIndex > 0 ? Number(process.argv[crowdTargetIndex + 1]) : 150;
if (!(Number.isInteger(CROWD_TARGET_MS) && CROWD_TARGET_MS >= 0)) throw new Error('--crowd-target takes a latency in ms (0: a fixed active set)');
const FEATURE_SCENARIOS = ['queue', 'catalog', 'race', 'charges', 'payments'];
const DURATION = quick ? 3 : 10;
const CONNECTIONS = 100;
const JOURNEY_BUYERS = quick ? 200 : 1_000;
const JOURNEY_WARM_UP_BUYERS = quick ? 50 : 200;
/**
 * Token issue — the scenario with a target relative to the ceiling — runs in rounds alternating
 * with the ceiling, so that both sides of each ratio see the machine at the same speed (this VM's
 * speed drifts by ±30 % within minutes).
 */
const PAIRED_ROUNDS = 3;
const PAIRED_ROUND_SECONDS = quick ? 3 : 5;
/** Scenarios of the main system (and the ceiling they are compared with); growth runs start their own systems. */
const SYSTEM_SCENARIOS = ['queue', 'catalog', 'race', 'charges', 'payments', 'journey', 'crowd'];
/**
 * A journey's buyer whose access token would run out within this once admitted signs in again
 * before buying (a purchase takes seconds; the dev issuer's tokens last an hour by default).
 */
const PURCHASE_SIGN_IN_MARGIN_MS = 60_000;

function wanted(name: string): boolean {
  return !only || only.has(name);
}

function log(message: string): void {
  process.stdout.write(`[bench] ${message}\n`);
}

/** Waits until reservation-service has the schedule (catalog events) by holding and cancelling. */
async function waitForCatalog(http: BenchHttp, concertId: string, scheduleId: string): Promise<void> {
  const { headers } = await activeToken(http, concertId);
  for (let attempt = 0; attempt < 200; attempt++) {
    const hold = await http.call<{ reservationId: string }>('POST', '/reservations', { scheduleId, seatNo: 50 }, headers);
    if (hold.status === 201) {
      await http.call('DELETE', `/reservations/${hold.body.reservationId}`, undefined, headers);
      return;
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error('catalog never reached reservation-service');
}

function scenario(name: string, load: LoadResult, ceiling?: number, extra?: Record<string, number | string>): ScenarioResult {
  return { name, ...load, ratioToCeiling: ceiling ? Number((load.rps / ceiling).toFixed(2)) : undefined, extra };
}

/**
 * How long after a hold's 201 the seat map read through the gateway shows the seat HELD — the
 * whole chain (outbox relay, Kafka, concert-service's view and cache, the gateway's copy) — while
 * the same seat map is read under load, so both caches are hot.
 */
async function seatMapFreshness(http: BenchHttp, url: string, concertId: string, scheduleId: string, auth: QueueHeaders): Promise<ScenarioResult> {
  await waitForCatalog(http, concertId, scheduleId);
  const seatMapPath = `/concerts/${concertId}/schedules/${scheduleId}/seats`;
  const background = runLoad({ url: `${url}${seatMapPath}`, connections: 20, duration: quick ? 8 : 15, warmupSeconds: 0, headers: auth });
  const lags: number[] = [];
  for (let seatNo = 1; seatNo <= (quick ? 10 : 20); seatNo++) {
    const { headers } = await activeToken(http, concertId);
    const hold = await http.call('POST', '/reservations', { scheduleId, seatNo }, headers);
    if (hold.status !== 201) throw new Error(`freshness hold answered ${hold.status}`);
    const held = performance.now();
    for (;;) {
      const seats = await http.call<{ seats: Array<{ seatNo: number; status: string }> }>('GET', seatMapPath, undefined, auth);
      if (seats.body.seats.find((seat) => seat.seatNo === seatNo)?.status === 'HELD') break;
      if (performance.now() - held > 5_000) throw new Error(`seat ${seatNo} not HELD in the seat map after 5 s`);
      await new Promise((resolve) => setTimeout(resolve, 5));
    }
    lags.push(Math.round(performance.now() - held));
  }
  await background;
  lags.sort((a, b) => a - b);
  return {
    name: 'catalog: hold → seat map shows HELD (ms)',
    requests: lags.length,
    rps: 0,
    p50: percentile(lags, 50),
    p90: percentile(lags, 90),
    p99: percentile(lags, 99),
    max: lags[lags.length - 1] ?? 0,
    errors: 0,
    statusCounts: {},
    extra: { holds: lags.length, 'bound ms': 1_000, 'within bound': lags.every((lag) => lag < 1_000) ? 'yes' : 'NO' },
  };
}

/** The two halves of payment → CONFIRMED, from the services' own histograms. */
async function sagaTimings(bench: BenchSystem): Promise<{ relayLag: HistogramTotals; handling: HistogramTotals }> {
  return {
    relayLag: await histogramTotals(bench.system, 'payment-service', 'outbox_relay_lag_seconds'),
    handling: await histogramTotals(bench.system, 'reservation-service', 'event_handling_duration_seconds', { topic: 'payment.completed.v1' }),
  };
}

interface JourneyConcert {
  concertId: string;
  scheduleIds: string[];
}

/** The concert a journey of `buyers` buys in: a schedule per 40 buyers. */
async function journeyConcert(http: BenchHttp, buyers: number): Promise<JourneyConcert> {
  return createConcert(http, Math.ceil(buyers / 40));
}

/**
 * The full buyer journey. Closed loop (default): `concurrency` buyers at a time, as fast as the
 * system goes — its throughput. Paced: one buyer starts every 1/ratePerSecond s whatever the system
 * does (open loop) — the latencies of a load the system keeps up with. Crowd (`streams` given):
 * every buyer arrives at once and the waiting room lets them in; a waiting buyer listens to its
 * token's event stream until admitted. Every buyer signs in before the timed part: what is timed
 * is the purchase (join to payment), not the sign-in.
 */
async function journey(
  bench: BenchSystem,
  http: BenchHttp,
  options: { buyers: number; concurrency?: number; ratePerSecond?: number; streams?: Dispatcher; name?: string; concert?: JourneyConcert },
): Promise<ScenarioResult> {
  const { buyers } = options;
  const { concertId, scheduleIds } = options.concert ?? (await journeyConcert(http, buyers));
  await waitForCatalog(http, concertId, scheduleIds[scheduleIds.length - 1]);
  const signedIn = await signInMany(http, buyers);
  // The driver stops at the payment's 201; confirmation times come from the database afterwards
  // (the ReservationConfirmed outbox row, written with the confirmation just before its commit,
  // − payment paid_at), so no polling load distorts what is measured.
  const journeys: Array<{ startedAt: number; reservationId: string }> = [];
  const admissionWaits: number[] = [];
  let errors = 0;
  const cpuBefore = sampleCpu(bench.system);
  const sagaBefore = await sagaTimings(bench);
  const started = Date.now();
  const pace = options.ratePerSecond ? 1_000 / options.ratePerSecond : 0;
  await mapConcurrent(
    signedIn,
    options.concurrency ?? (pace || options.streams ? buyers : CONNECTIONS),
    async (buyer, index) => {
      try {
        if (pace) await new Promise((resolve) => setTimeout(resolve, index * pace));
        const t0 = Date.now();
        const admitted = options.streams ? await admittedToken(http, options.streams, concertId, buyer) : await activeToken(http, concertId, buyer);
        admissionWaits.push(Date.now() - t0);
        const shopper = await keepSignedIn(http, admitted, PURCHASE_SIGN_IN_MARGIN_MS);
        const auth = shopper.headers;
        const dates = await http.call<Array<{ scheduleId: string }>>('GET', `/concerts/${concertId}/schedules`, undefined, auth);
        if (dates.status !== 200) throw new Error(`dates ${dates.status}`);
        const scheduleId = scheduleIds[index % scheduleIds.length];
        let reservation: { reservationId: string; price: number } | undefined;
        // A seat map read a moment ago may still show seats others have just taken (the caches
        // converge within a second): like a buyer, try again on a fresh read while any seat shows free.
        for (let attempt = 0; attempt < 30 && !reservation; attempt++) {
          const seats = await http.call<{ seats: Array<{ seatNo: number; status: string }> }>('GET', `/concerts/${concertId}/schedules/${scheduleId}/seats`, undefined, auth);
          if (seats.status !== 200) throw new Error(`seats ${seats.status}`);
          const free = seats.body.seats.filter((seat) => seat.status === 'AVAILABLE');
          const seat = free[Math.floor(Math.random() * free.length)];
          if (!seat) break;
          const hold = await http.call<{ reservationId: string; price: number }>('POST', '/reservations', { scheduleId, seatNo: seat.seatNo }, auth);
          if (hold.status === 201) reservation = hold.body;
        }
        if (!reservation) throw new Error('no seat');
        const charge = await http.call('POST', `/users/${shopper.userId}/balance/charge`, { amount: reservation.price }, { ...shopper.auth, 'idempotency-key': randomUUID() });
        if (charge.status !== 200) throw new Error(`charge ${charge.status}`);
        const payment = await http.call('POST', '/payments', { reservationId: reservation.reservationId }, auth);
        if (payment.status !== 201) throw new Error(`pay ${payment.status}`);
        journeys.push({ startedAt: t0, reservationId: reservation.reservationId });
      } catch (error) {
        errors += 1;
        if (errors <= 5) log(`journey error: ${error instanceof Error ? error.message : String(error)}`);
      }
    },
  );
  const db = new Client({ connectionString: bench.databaseUrl });
  await db.connect();
  const ids = journeys.map((journey) => journey.reservationId);
  const deadline = Date.now() + 120_000;
  for (;;) {
    const { rows } = await db.query<{ n: number }>(`SELECT count(*)::int AS n FROM reservation.reservations WHERE id = ANY($1) AND status = 'CONFIRMED'`, [ids]);
    if (rows[0]?.n === ids.length || Date.now() > deadline) break;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  const timings = await db.query<{ id: string; confirmed_ms: string; paid_ms: string }>(
    `SELECT r.id, (extract(epoch FROM c.created_at) * 1000)::bigint AS confirmed_ms, (extract(epoch FROM p.paid_at) * 1000)::bigint AS paid_ms
       FROM reservation.reservations r
       JOIN payment.payments p ON p.reservation_id = r.id
       JOIN reservation.outbox c ON c.topic = $2 AND c.payload->>'reservationId' = r.id::text
      WHERE r.id = ANY($1) AND r.status = 'CONFIRMED'`,
    [ids, Topics.ReservationConfirmed],
  );
  const sagaSteps = await sagaStepTimings(db, ids);
  log(`journey saga steps p50 / p99 (ms): ${sagaSteps}`);
  const startedAtOf = new Map(journeys.map((journey) => [journey.reservationId, journey.startedAt]));
  const joinToConfirmed = timings.rows.map((row) => Number(row.confirmed_ms) - (startedAtOf.get(row.id) ?? 0)).sort((a, b) => a - b);
  const sortedWaits = [...admissionWaits].sort((a, b) => a - b);
  const payToConfirmed = timings.rows.map((row) => Math.max(0, Number(row.confirmed_ms) - Number(row.paid_ms))).sort((a, b) => a - b);
  const cpu = cpuBetween(cpuBefore, sampleCpu(bench.system));
  const sagaAfter = await sagaTimings(bench);
  const sagaNote = `payment-service relay lag ${meanMsBetween(sagaBefore.relayLag, sagaAfter.relayLag)}, reservation-service payment.completed handling ${meanMsBetween(sagaBefore.handling, sagaAfter.handling)}`;
  log(`journey saga means (ms): ${sagaNote}`);
  const lastConfirmed = Math.max(...timings.rows.map((row) => Number(row.confirmed_ms)));
  const seconds = (lastConfirmed - started) / 1000;
  const doubles = await db.query<{ n: number }>(
    `SELECT count(*)::int AS n FROM (SELECT 1 FROM reservation.reservations WHERE status = 'CONFIRMED' GROUP BY schedule_id, seat_no HAVING count(*) > 1) d`,
  );
  await db.end();
  const report = await reconcile(bench.databaseUrl, 30_000);
  const completed = joinToConfirmed.length;
  // Where the work goes: CPU time of each process group per confirmed purchase.
  const perPurchase = (ms: number) => Math.round((10 * ms) / Math.max(1, completed)) / 10;
  const cpuTotal = cpu.reduce((sum, entry) => sum + entry.ms, 0);
  const cpuNote = `${perPurchase(cpuTotal)} total (${cpu.map((entry) => `${entry.group} ${perPurchase(entry.ms)}`).join(', ')})`;
  log(`journey CPU ms per purchase: ${cpuNote}`);
  return {
    name: options.name ?? (options.ratePerSecond ? `full journey, paced ${options.ratePerSecond}/s` : 'full journey'),
    requests: completed,
    rps: Number((completed / seconds).toFixed(1)),
    p50: percentile(joinToConfirmed, 50),
    p90: percentile(joinToConfirmed, 90),
    p99: percentile(joinToConfirmed, 99),
    max: joinToConfirmed[joinToConfirmed.length - 1] ?? 0,
    errors,
    statusCounts: {},
    extra: {
      buyers,
      confirmed: completed,
      'purchases/s': Number((completed / seconds).toFixed(1)),
      'pay→CONFIRMED p50 ms': percentile(payToConfirmed, 50),
      'pay→CONFIRMED p99 ms': percentile(payToConfirmed, 99),
      'join→ACTIVE p50 / p99 / max ms': `${percentile(sortedWaits, 50)} / ${percentile(sortedWaits, 99)} / ${sortedWaits[sortedWaits.length - 1] ?? 0}`,
      'double bookings': doubles.rows[0]?.n ?? -1,
      reconciliation: report.drift.length === 0 ? 'clean' : `${report.drift.length} drift`,
      'CPU ms per purchase': cpuNote,
      'saga means ms': sagaNote,
      'saga steps p50 / p99 ms': sagaSteps,
    },
  };
}

/**
 * Where pay → CONFIRMED goes, from the rows' own timestamps: the rest of the payment transaction
 * after paid_at (up to its PaymentCompleted outbox row); the relay (that row → the start of the
 * relay's claim transaction, whose now() becomes sent_at); delivery (publish, mark sent, Kafka, the
 * consumer's fetch → reservation-service's inbox transaction begins); the confirmation inside that
 * transaction (→ its ReservationConfirmed outbox row).
 */
async function sagaStepTimings(db: Client, reservationIds: string[]): Promise<string> {
  const steps = { payment: 'o.created_at - p.paid_at', relay: 'o.sent_at - o.created_at', delivery: 'i.handled_at - o.sent_at', confirmation: 'c.created_at - i.handled_at' };
  const columns = Object.entries(steps).map(
    ([name, interval]) =>
      `round(percentile_cont(0.5) WITHIN GROUP (ORDER BY extract(epoch FROM ${interval}))::numeric * 1000) AS ${name}_p50,
       round(percentile_cont(0.99) WITHIN GROUP (ORDER BY extract(epoch FROM ${interval}))::numeric * 1000) AS ${name}_p99`,
  );
  const { rows } = await db.query<Record<string, string>>(
    `SELECT ${columns.join(', ')}
       FROM reservation.reservations r
       JOIN payment.payments p ON p.reservation_id = r.id
       JOIN payment.outbox o ON o.topic = $2 AND o.payload->>'reservationId' = r.id::text
       JOIN reservation.inbox i ON i.event_id = o.id
       JOIN reservation.outbox c ON c.topic = $3 AND c.payload->>'reservationId' = r.id::text
      WHERE r.id = ANY($1) AND r.status = 'CONFIRMED'`,
    [reservationIds, Topics.PaymentCompleted, Topics.ReservationConfirmed],
  );
  const row = rows[0] ?? {};
  return Object.keys(steps).map((name) => `${name} ${row[`${name}_p50`] ?? '?'} / ${row[`${name}_p99`] ?? '?'}`).join(', ');
}

/** Dates and seat map on a second system without any cache (the baseline of the cached reads). */
async function uncachedCatalog(results: ScenarioResult[], ceiling: Ceiling): Promise<void> {
  log('seat map and dates without any cache (CACHE_ENABLED=false, GATEWAY_MICRO_CACHE_MS=0)');
  const uncached = await startBenchSystem({ name: 'uncached', gatewayPort: 3_600, replicas: REPLICAS, workers: WORKERS, env: { CACHE_ENABLED: 'false', GATEWAY_MICRO_CACHE_MS: '0' } });
  const uncachedHttp = new BenchHttp(uncached.gatewayUrl);
  try {
    const { concertId, scheduleIds } = await createConcert(uncachedHttp, 5);
    const { headers } = await activeToken(uncachedHttp, concertId);
    const url = `${uncached.gatewayUrl}/api/v1`;
    const dates = await runLoad({ url: `${url}/concerts/${concertId}/schedules`, connections: CONNECTIONS, duration: DURATION, headers });
    results.push(scenario('catalog: dates (uncached)', dates, ceiling.poll.rps));
    const seats = await runLoad({ url: `${url}/concerts/${concertId}/schedules/${scheduleIds[0]}/seats`, connections: CONNECTIONS, duration: DURATION, headers });
    results.push(scenario('catalog: seat map (uncached)', seats, ceiling.poll.rps));
  } finally {
    await uncachedHttp.close();
    await uncached.stop();
  }
}

async function main(): Promise<void> {
  const startedAt = new Date();
  log(`building (npm run build)…`);
  execFileSync('npm', ['run', '--silent', 'build'], { cwd: ROOT, stdio: 'inherit' });
  const results: ScenarioResult[] = [];
  if (SYSTEM_SCENARIOS.some(wanted)) await systemScenarios(results);
  // The growth runs fill Redis and Postgres with a million rows: not part of a --quick run unless asked for.
  if (quick && wanted('growth') && !only) log('growth runs skipped in --quick mode (run them with --only growth)');
  else if (wanted('growth')) results.push(...(await runGrowth({ quick, duration: DURATION, connections: CONNECTIONS, argv: process.argv, log })));
  writeResults(startedAt, results);
}

async function systemScenarios(results: ScenarioResult[]): Promise<void> {
  log('bare ceiling: minimal Fastify gateway → minimal Fastify service → Redis INCR + ZADD');
  const bare = await startCeiling({ connections: CONNECTIONS, basePort: 3_900 });
  let ceiling: Ceiling;
  try {
    ceiling = { join: await bare.join(DURATION), poll: await bare.poll(DURATION) };
    results.push(scenario('ceiling: join shape', ceiling.join), scenario('ceiling: poll shape', ceiling.poll));
    if (FEATURE_SCENARIOS.some(wanted)) await featureScenarios(results, ceiling, bare);
  } finally {
    await bare.stop();
  }
  if (wanted('journey')) await journeyScenarios(results);
  if (wanted('crowd')) await crowdScenario(results);
  if (wanted('catalog')) await uncachedCatalog(results, ceiling);
}

/** The full journey, closed loop and then paced, on a system with two instances of every service. */
async function journeyScenarios(results: ScenarioResult[]): Promise<void> {
  const bench = await startBenchSystem({ name: 'journey', gatewayPort: 3_500, replicas: JOURNEY_REPLICAS, workers: WORKERS, env: { QUEUE_MAX_ACTIVE_USERS: '100000' } });
  const http = new BenchHttp(bench.gatewayUrl);
  try {
    // Unrecorded, like every other scenario's warm-up: a fresh system's first purchases pay for JIT and pools.
    log(`full journey warm-up: ${JOURNEY_WARM_UP_BUYERS} buyers (not recorded)`);
    await journey(bench, http, { buyers: JOURNEY_WARM_UP_BUYERS });
    log(`full journey: ${JOURNEY_BUYERS} buyers, ${CONNECTIONS} at a time, ${JOURNEY_REPLICAS} instances and ${WORKERS} worker(s) of every service`);
    log(`quiet after the warm-up in ${await waitUntilQuiet()} ms`);
    const closed = await journey(bench, http, { buyers: JOURNEY_BUYERS });
    results.push(closed);
    // Then paced below the throughput just measured (half of it by default): the saga's latency
    // when nothing queues up — each once the previous run's leftovers (events still being
    // consumed downstream) are done.
    for (const fraction of JOURNEY_PACED) {
      log(`quiet after the previous run in ${await waitUntilQuiet()} ms`);
      const rate = Math.max(1, Math.round(closed.rps * fraction));
      log(`full journey, paced at ${fraction} of the closed loop: ${rate} buyers/s, ${rate * (quick ? 5 : 20)} buyers`);
      results.push(await journey(bench, http, { buyers: rate * (quick ? 5 : 20), ratePerSecond: rate }));
    }
  } finally {
    await http.close();
    await bench.stop();
  }
}

/**
 * The product's own case: a crowd far larger than the active set arrives at once, and the waiting
 * room (at most QUEUE_MAX_ACTIVE_USERS = --crowd-active, adaptive to --crowd-target) lets it in as
 * purchases free the slots — each purchase's token expiry admits the next buyer in the same Redis
 * step. Waiting buyers listen to their event streams (ticks of 200 ms). Then the closed loop's
 * load (100 buyers at a time) behind the same room. Same shape as the journey's system: two
 * instances of every service.
 */
async function crowdScenario(results: ScenarioResult[]): Promise<void> {
  const env = {
    QUEUE_MAX_ACTIVE_USERS: String(CROWD_ACTIVE),
    QUEUE_ADMISSION_LATENCY_TARGET_MS: String(CROWD_TARGET_MS),
    QUEUE_ADMIT_INTERVAL_MS: '200',
    QUEUE_EVENTS_TICK_MS: '200',
  };
  const bench = await startBenchSystem({ name: 'crowd', gatewayPort: 3_200, replicas: JOURNEY_REPLICAS, workers: WORKERS, env });
  const http = new BenchHttp(bench.gatewayUrl);
  // One connection per open event stream: a waiting buyer's stream ends when it is admitted.
  const streams: Dispatcher = new Pool(bench.gatewayUrl, { connections: JOURNEY_BUYERS + 10, pipelining: 1 });
  try {
    // The adaptive limit the warm-up leaves stays for the run (it is forgotten only after a minute without purchases).
    log(`crowd warm-up: ${JOURNEY_WARM_UP_BUYERS} buyers at once, ${CROWD_ACTIVE} active at most (not recorded)`);
    await journey(bench, http, { buyers: JOURNEY_WARM_UP_BUYERS, streams });
    log(`quiet after the warm-up in ${await waitUntilQuiet()} ms`);
    const room = CROWD_TARGET_MS > 0 ? `at most ${CROWD_ACTIVE} active, adaptive to ${CROWD_TARGET_MS} ms` : `${CROWD_ACTIVE} active`;
    log(`crowd: ${JOURNEY_BUYERS} buyers at once, ${room}, ${JOURNEY_REPLICAS} instances and ${WORKERS} worker(s) of every service`);
    const crowdConcert = await journeyConcert(http, JOURNEY_BUYERS);
    const capacity = watchActiveCapacity(bench.redisKeyPrefix, crowdConcert.concertId, CROWD_ACTIVE);
    const result = await journey(bench, http, { buyers: JOURNEY_BUYERS, streams, concert: crowdConcert, name: `crowd journey: ${JOURNEY_BUYERS} at once, ${room}` });
    results.push(await withActiveCapacity(result, capacity));
    // The closed loop's load — 100 buyers at a time, each followed at once by the next — behind the same waiting room.
    log(`quiet after the crowd in ${await waitUntilQuiet()} ms`);
    log(`closed loop behind the waiting room: ${JOURNEY_BUYERS} buyers, ${CONNECTIONS} at a time, ${room}`);
    const closedConcert = await journeyConcert(http, JOURNEY_BUYERS);
    const closedCapacity = watchActiveCapacity(bench.redisKeyPrefix, closedConcert.concertId, CROWD_ACTIVE);
    const closed = await journey(bench, http, { buyers: JOURNEY_BUYERS, streams, concurrency: CONNECTIONS, concert: closedConcert, name: `closed loop behind the waiting room: ${JOURNEY_BUYERS} buyers, ${CONNECTIONS} at a time, ${room}` });
    results.push(await withActiveCapacity(closed, closedCapacity));
  } finally {
    await streams.close();
    await http.close();
    await bench.stop();
  }
}

/** The run's result with the waiting room's capacity and use over it (see watchActiveCapacity). */
async function withActiveCapacity(result: ScenarioResult, watch: ActiveCapacityWatch): Promise<ScenarioResult> {
  const watched = await watch.stop();
  log(`${result.name}: active set min / median / max: capacity ${watched.capacity}, taken ${watched.taken}`);
  return { ...result, extra: { ...result.extra, 'active capacity min / median / max': watched.capacity, 'active slots taken min / median / max': watched.taken } };
}

/**
 * Token issue against the ceiling in alternating rounds (ceiling, system, ceiling, system, …).
 * The row reports the round with the median ratio; the notes list every round. Each join is a
 * new user's, joining the concert's room: a round's joiners sign in before its pair, so that its
 * bare and system halves stay back to back. A system join does all the bare join's work and more,
 * so the bare shape's latest rate (`ceilingJoinRps` at first) bounds how many a round needs.
 */
async function pairedTokenIssue(http: BenchHttp, joinUrl: string, concertId: string, bare: RunningCeiling, ceilingJoinRps: number): Promise<ScenarioResult> {
  const rounds: Array<{ bare: LoadResult; system: LoadResult; ratio: number }> = [];
  let bareRps = ceilingJoinRps;
  for (let round = 0; round < PAIRED_ROUNDS; round++) {
    const warmupSeconds = round === 0 ? 2 : 1;
    const joiners = await signInMany(http, buyersFor(bareRps, warmupSeconds + PAIRED_ROUND_SECONDS));
    const bareRound = await bare.join(PAIRED_ROUND_SECONDS, 1);
    bareRps = bareRound.rps;
    const systemRound = await runLoad({
      url: joinUrl,
      connections: CONNECTIONS,
      duration: PAIRED_ROUND_SECONDS,
      warmupSeconds,
      method: 'POST',
      feed: joinFeed(joiners, concertId),
    });
    rounds.push({ bare: bareRound, system: systemRound, ratio: systemRound.rps / bareRound.rps });
  }
  const median = [...rounds].sort((a, b) => a.ratio - b.ratio)[Math.floor(rounds.length / 2)];
  const extra: Record<string, string> = {};
  rounds.forEach((round, index) => {
    extra[`round ${index + 1}`] = `${Math.round(round.system.rps)} vs ceiling ${Math.round(round.bare.rps)} req/s = ${round.ratio.toFixed(2)}, p99 ${round.system.p99} ms (ceiling ${round.bare.p99})`;
  });
  extra['reported'] = 'the median round';
  const errors = rounds.reduce((sum, round) => sum + round.system.errors, 0);
  return { ...scenario('queue: join (token issue)', median.system, median.bare.rps, extra), errors };
}

async function featureScenarios(results: ScenarioResult[], ceiling: Ceiling, bare: RunningCeiling): Promise<void> {
  const bench = await startBenchSystem({ name: 'main', gatewayPort: 3_800 - 100, replicas: REPLICAS, workers: WORKERS, env: { QUEUE_MAX_ACTIVE_USERS: '100000' } });
  const http = new BenchHttp(bench.gatewayUrl);
  try {
    const url = `${bench.gatewayUrl}/api/v1`;
    // One concert for every scenario: the queue's joins and polls are in its waiting room.
    const { concertId, scheduleIds } = await createConcert(http, 5);
    if (wanted('queue')) {
      log(`queue join: ${PAIRED_ROUNDS} rounds of ${PAIRED_ROUND_SECONDS} s, each after ${PAIRED_ROUND_SECONDS} s of the bare ceiling`);
      results.push(await pairedTokenIssue(http, `${url}/queue/tokens`, concertId, bare, ceiling.join.rps));
      const poller = await activeToken(http, concertId);
      log('queue poll');
      const poll = await runLoad({ url: `${url}/queue/tokens/me`, connections: CONNECTIONS, duration: DURATION, headers: poller.headers });
      results.push(scenario('queue: poll (me)', poll, ceiling.poll.rps));
    }
    const auth = (await activeToken(http, concertId)).headers;
    if (wanted('catalog')) {
      log('dates and seat map (cached)');
      const dates = await runLoad({ url: `${url}/concerts/${concertId}/schedules`, connections: CONNECTIONS, duration: DURATION, headers: auth });
      results.push(scenario('catalog: dates (cached)', dates, ceiling.poll.rps));
      const seats = await runLoad({ url: `${url}/concerts/${concertId}/schedules/${scheduleIds[0]}/seats`, connections: CONNECTIONS, duration: DURATION, headers: auth });
      results.push(scenario('catalog: seat map (cached)', seats, ceiling.poll.rps));
      log('seat map freshness: hold → HELD visible through the gateway, while the seat map is under load');
      results.push(await seatMapFreshness(http, url, concertId, scheduleIds[0], auth));
    }
    if (wanted('race')) {
      log('one seat raced by 1,000 buyers');
      await waitForCatalog(http, concertId, scheduleIds[1]);
      const buyers = await mapConcurrent(Array.from({ length: 1_000 }), 50, () => activeToken(http, concertId));
      const body = JSON.stringify({ scheduleId: scheduleIds[1], seatNo: 7 });
      const race = await runLoad({
        url: `${url}/reservations`,
        connections: CONNECTIONS,
        amount: buyers.length,
        method: 'POST',
        expectedStatuses: [409],
        feed: feedOf(buyers, (buyer) => ({ headers: buyer.headers, body })),
      });
      results.push(scenario('reservation: 1,000 buyers, one seat', race, undefined, { 'holds granted': race.statusCounts['201'] ?? 0 }));
    }
    if (wanted('charges')) {
      log('charges: one hot wallet, then many wallets');
      const body = JSON.stringify({ amount: 1 });
      const hotUser = await signIn(http);
      const hot = await runLoad({ url: `${url}/users/${hotUser.userId}/balance/charge`, connections: CONNECTIONS, duration: DURATION, method: 'POST', headers: hotUser.auth, body });
      results.push(scenario('payment: charge, one hot wallet', hot));
      // A new wallet per charge, each charged by its own user. Many wallets ran at 2.3 times the
      // hot wallet's rate (2026-12-03): three times it bounds how many owners to sign in.
      const owners = await signInMany(http, buyersFor(3 * hot.rps, DEFAULT_WARM_UP_SECONDS + DURATION));
      const many = await runLoad({
        url: `${url}/users/x/balance/charge`,
        connections: CONNECTIONS,
        duration: DURATION,
        method: 'POST',
        feed: feedOf(owners, (owner) => ({ path: `/api/v1/users/${owner.userId}/balance/charge`, headers: owner.auth, body })),
      });
      results.push(scenario('payment: charge, many wallets', many));
    }
    if (wanted('payments')) {
      log('payments: preparing held, funded reservations');
      await waitForCatalog(http, concertId, scheduleIds[2]);
      const prepared = await mapConcurrent(Array.from({ length: quick ? 200 : 900 }, (_, i) => i), 50, async (i) => {
        const buyer = await activeToken(http, concertId);
        const scheduleId = scheduleIds[2 + (i % 3)];
        const seatNo = (Math.floor(i / 3) % 50) + 1;
        const hold = await http.call<{ reservationId: string; price: number }>('POST', '/reservations', { scheduleId, seatNo }, buyer.headers);
        if (hold.status !== 201) return undefined;
        await http.call('POST', `/users/${buyer.userId}/balance/charge`, { amount: hold.body.price }, buyer.auth);
        return { buyer, reservationId: hold.body.reservationId };
      });
      const ready = prepared.filter((item): item is { buyer: QueuedBuyer; reservationId: string } => item !== undefined);
      log(`payments: ${ready.length} payments`);
      const pay = await runLoad({
        url: `${url}/payments`,
        connections: CONNECTIONS,
        amount: ready.length,
        method: 'POST',
        feed: feedOf(ready, ({ buyer, reservationId }) => ({ headers: buyer.headers, body: JSON.stringify({ reservationId }) })),
      });
      results.push(scenario('payment: pay a held reservation', pay));
    }
  } finally {
    await http.close();
    await bench.stop();
  }


}

function writeResults(startedAt: Date, results: ScenarioResult[]): void {
  const machine = { cores: os.cpus().length, cpu: os.cpus()[0]?.model ?? 'unknown', memoryGiB: Math.round(os.totalmem() / 2 ** 30), node: process.version };
  const run = { date: startedAt.toISOString(), mode: quick ? 'quick' : 'full', durationSeconds: DURATION, connections: CONNECTIONS, replicas: REPLICAS, journeyReplicas: JOURNEY_REPLICAS, workers: WORKERS, machine, results };
  const resultsDir = path.join(ROOT, 'bench', 'results');
  mkdirSync(resultsDir, { recursive: true });
  // A partial run (--only) never overwrites the day's full results.
  const stem = `${startedAt.toISOString().slice(0, 10)}-${run.mode}${only ? `-${[...only].join('+')}` : ''}${replicasIndex < 0 ? '' : `-replicas${REPLICAS}`}${workersIndex < 0 ? '' : `-workers${WORKERS}`}`;
  const file = path.join(resultsDir, `${stem}.json`);
  writeFileSync(file, `${JSON.stringify(run, null, 2)}\n`);
  const { markdown, svg } = renderReport(run);
  // The chart in docs follows full runs only.
  if (!only && !quick && replicasIndex < 0) writeFileSync(path.join(ROOT, 'docs', 'benchmarks.svg'), svg);
  writeFileSync(path.join(resultsDir, `${stem}.md`), markdown);
  process.stdout.write(`\n${markdown}\n`);
  log(`results: ${path.relative(ROOT, file)} (table also in bench/results/*.md, chart docs/benchmarks.svg)`);
}

main().then(
  () => process.exit(0),
  (error: unknown) => {
    process.stderr.write(`bench failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
    process.exit(1);
  },
);
