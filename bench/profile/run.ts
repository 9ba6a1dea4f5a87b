/**
 * `npm run bench:profile -- [--scenario join|poll|seats|dates|tokens|pay|journey] [--seconds 10] [--concurrency 100] [--join-rate 4000]`: runs one load
 * against the system started with `--cpu-prof` on the gateway and every backend service, stops it
 * (the profiles are written on exit) and prints where each process spent its CPU: the top
 * functions by self time and the time per package. Profiles stay in .infra/profiles/<run>/ for
 * Chrome DevTools.
 */
import { execFileSync } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { mkdirSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { startBenchSystem } from '../lib/bench-system';
import { activeToken, buyersFor, createConcert, joinFeed, joinQueue, type QueuedBuyer, signIn, signInMany } from '../lib/buyers';
import { BenchHttp, mapConcurrent } from '../lib/http';
import { DEFAULT_WARM_UP_SECONDS, runLoad } from '../lib/load';
import { type CpuProfile, summarizeProfile } from './summarize';

const ROOT = path.resolve(__dirname, '..', '..');

function argument(name: string, fallback: string): string {
  const index = process.argv.indexOf(`--${name}`);
  return index > 0 ? (process.argv[index + 1] ?? fallback) : fallback;
}

const SCENARIO = argument('scenario', 'join');
const SECONDS = Number(argument('seconds', '10'));
/** Joins a second the join scenario cannot pass (token issue peaked at 4,028/s on this machine, 2026-12-03, unprofiled). */
const JOIN_RATE = Number(argument('join-rate', '4000'));

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Held and funded reservations of buyers signed in and admitted, given time to reach payment-service's replica. */
async function preparePayments(http: BenchHttp): Promise<Array<{ buyer: QueuedBuyer; reservationId: string }>> {
  const { concertId, scheduleIds } = await createConcert(http, 10, 'Profile');
  await sleep(3_000);
  const prepared = await mapConcurrent(Array.from({ length: 500 }, (_, i) => i), 50, async (i) => {
    // Every join is admitted at once (QUEUE_MAX_ACTIVE_USERS=100000).
    const { queued: buyer } = await joinQueue(http, concertId, await signIn(http));
    const hold = await http.call<{ reservationId: string; price: number }>('POST', '/reservations', { scheduleId: scheduleIds[i % 10], seatNo: Math.floor(i / 10) + 1 }, buyer.headers);
    if (hold.status !== 201) throw new Error(`hold answered ${hold.status}`);
    await http.call('POST', `/users/${buyer.userId}/balance/charge`, { amount: hold.body.price }, buyer.auth);
    return { buyer, reservationId: hold.body.reservationId };
  });
  await sleep(5_000);
  return prepared;
}

/** The buyer journey of `npm run bench` (join → dates → seats → hold → charge → pay), 100 at a time, profiled as a whole. */
async function prepareJourney(http: BenchHttp, buyers: number): Promise<() => Promise<void>> {
  const { concertId, scheduleIds } = await createConcert(http, Math.ceil(buyers / 40), 'Profile');
  await sleep(3_000);
  const signedIn = await signInMany(http, buyers);
  return async () => {
    const started = performance.now();
    let completed = 0;
    await mapConcurrent(signedIn, 100, async (buyer, index) => {
      const shopper = await activeToken(http, concertId, buyer);
      const auth = shopper.headers;
      const scheduleId = scheduleIds[index % scheduleIds.length] ?? '';
      await http.call('GET', `/concerts/${concertId}/schedules`, undefined, auth);
      for (let attempt = 0; attempt < 8; attempt++) {
        const seats = await http.call<{ seats: Array<{ seatNo: number; status: string }> }>('GET', `/concerts/${concertId}/schedules/${scheduleId}/seats`, undefined, auth);
        const free = seats.body.seats.filter((seat) => seat.status === 'AVAILABLE');
        const seat = free[Math.floor(Math.random() * free.length)];
        if (!seat) return;
        const hold = await http.call<{ reservationId: string; price: number }>('POST', '/reservations', { scheduleId, seatNo: seat.seatNo }, auth);
        if (hold.status !== 201) continue;
        await http.call('POST', `/users/${shopper.userId}/balance/charge`, { amount: hold.body.price }, { ...shopper.auth, 'idempotency-key': randomUUID() });
        const paid = await http.call('POST', '/payments', { reservationId: hold.body.reservationId }, auth);
        if (paid.status === 201) completed++;
        return;
      }
    });
    const seconds = (performance.now() - started) / 1000;
    process.stdout.write(`journey: ${completed} of ${buyers} paid in ${seconds.toFixed(1)} s (${(completed / seconds).toFixed(1)}/s)\n`);
  };
}

/**
 * The scenario's set-up — concerts, buyers signed in and admitted, held reservations — done before
 * the profiled window; then the load itself, the only part profiled.
 */
async function prepare(http: BenchHttp, url: string): Promise<() => Promise<void>> {
  if (SCENARIO === 'pay') {
    const ready = await preparePayments(http);
    return async () => {
      const concurrency = Number(argument('concurrency', '100'));
      const started = performance.now();
      const latencies = await mapConcurrent(ready, concurrency, async ({ buyer, reservationId }) => {
        const t0 = performance.now();
        const paid = await http.call('POST', '/payments', { reservationId }, buyer.headers);
        if (paid.status !== 201) throw new Error(`pay answered ${paid.status}`);
        return performance.now() - t0;
      });
      latencies.sort((a, b) => a - b);
      const seconds = (performance.now() - started) / 1000;
      process.stdout.write(`pay (${concurrency} at a time): ${ready.length} in ${seconds.toFixed(1)} s (${(ready.length / seconds).toFixed(0)}/s), p50 ${latencies[Math.floor(latencies.length / 2)]?.toFixed(0)} ms, p99 ${latencies[Math.floor(latencies.length * 0.99)]?.toFixed(0)} ms\n`);
    };
  }
  if (SCENARIO === 'journey') return prepareJourney(http, 600);
  const { concertId, scheduleIds } = await createConcert(http, 1, 'Profile');
  if (SCENARIO === 'join') {
    // Each join a new user's, signed in ahead: enough for JOIN_RATE joins a second.
    const joiners = await signInMany(http, buyersFor(JOIN_RATE, DEFAULT_WARM_UP_SECONDS + SECONDS));
    return async () => {
      await runLoad({ url: `${url}/queue/tokens`, connections: 100, duration: SECONDS, method: 'POST', feed: joinFeed(joiners, concertId) });
    };
  }
  if (SCENARIO === 'poll') {
    const { headers } = await activeToken(http, concertId);
    return async () => {
      await runLoad({ url: `${url}/queue/tokens/me`, connections: 100, duration: SECONDS, headers });
    };
  }
  if (SCENARIO === 'seats' || SCENARIO === 'dates') {
    const { headers } = await activeToken(http, concertId);
    const target = SCENARIO === 'seats' ? `${url}/concerts/${concertId}/schedules/${scheduleIds[0]}/seats` : `${url}/concerts/${concertId}/schedules`;
    return async () => {
      await runLoad({ url: target, connections: 100, duration: SECONDS, headers });
    };
  }
  if (SCENARIO === 'tokens') {
    const buyers = await signInMany(http, 2_000);
    return async () => {
      await mapConcurrent(buyers, 100, (buyer) => activeToken(http, concertId, buyer));
    };
  }
  throw new Error(`unknown scenario ${SCENARIO}`);
}

async function main(): Promise<void> {
  execFileSync('npm', ['run', '--silent', 'build'], { cwd: ROOT, stdio: 'inherit' });
  const dir = path.join(ROOT, '.infra', 'profiles', `${new Date().toISOString().replace(/[:.]/g, '-')}-${SCENARIO}`);
  mkdirSync(dir, { recursive: true });
  const profiled = (name: string): string[] => ['--cpu-prof', `--cpu-prof-dir=${path.join(dir, name)}`];
  const bench = await startBenchSystem({
    name: 'profile',
    gatewayPort: 3_400,
    replicas: 2,
    env: { QUEUE_MAX_ACTIVE_USERS: '100000' },
    nodeArgs: {
      gateway: profiled('gateway'),
      'queue-service': profiled('queue-service'),
      'concert-service': profiled('concert-service'),
      'reservation-service': profiled('reservation-service'),
      'payment-service': profiled('payment-service'),
    },
  });
  const http = new BenchHttp(bench.gatewayUrl);
  const url = `${bench.gatewayUrl}/api/v1`;
  const microseconds = (): number => Number(process.hrtime.bigint() / 1000n);
  const window = { fromUs: 0, toUs: 0 };
  try {
    const load = await prepare(http, url);
    window.fromUs = microseconds();
    await load();
    window.toUs = microseconds();
  } finally {
    await http.close();
    await bench.stop();
  }
  for (const name of readdirSync(dir)) {
    for (const file of readdirSync(path.join(dir, name)).filter((entry) => entry.endsWith('.cpuprofile'))) {
      const summary = summarizeProfile(JSON.parse(readFileSync(path.join(dir, name, file), 'utf8')) as CpuProfile, window);
      if (summary.totalMs - summary.idleMs < 500) continue;
      process.stdout.write(`\n== ${name} (${file}) ${Math.round(summary.totalMs)} ms sampled, ${Math.round(summary.idleMs)} ms idle\n`);
      process.stdout.write('  top self time:\n');
      for (const row of summary.functions.slice(0, 25)) process.stdout.write(`    ${row.percent.toFixed(1).padStart(5)}%  ${row.name}\n`);
      process.stdout.write('  by package:\n');
      for (const row of summary.packages.slice(0, 15)) process.stdout.write(`    ${row.percent.toFixed(1).padStart(5)}%  ${row.name}\n`);
    }
  }
  process.stdout.write(`\nprofiles: ${path.relative(ROOT, dir)}\n`);
}

main().then(
  () => process.exit(0),
  (error: unknown) => {
    process.stderr.write(`profile failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
    process.exit(1);
  },
);
