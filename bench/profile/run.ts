/**
 * `npm run bench:profile -- [--scenario join|poll|seats|dates|tokens|pay|journey] [--seconds 10] [--concurrency 100]`: runs one load
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
import { activeToken, ADMIN, startsAt } from '../lib/buyers';
import { BenchHttp, mapConcurrent } from '../lib/http';
import { newUserJoins, runLoad } from '../lib/load';
import { type CpuProfile, summarizeProfile } from './summarize';

const ROOT = path.resolve(__dirname, '..', '..');

function argument(name: string, fallback: string): string {
  const index = process.argv.indexOf(`--${name}`);
  return index > 0 ? (process.argv[index + 1] ?? fallback) : fallback;
}

const SCENARIO = argument('scenario', 'join');
const SECONDS = Number(argument('seconds', '10'));

/** Held and funded reservations, given time to reach payment-service's replica. */
async function preparePayments(http: BenchHttp): Promise<Array<{ token: string; reservationId: string }>> {
  const created = await http.call<{ schedules: Array<{ scheduleId: string }> }>(
    'POST',
    '/admin/concerts',
    { title: 'Profile', venue: 'Hall', schedules: Array.from({ length: 10 }, (_, i) => ({ startsAt: startsAt(7 + i), seatPrice: 10_000 })) },
    ADMIN,
  );
  const scheduleIds = created.body.schedules.map((schedule) => schedule.scheduleId);
  await new Promise((resolve) => setTimeout(resolve, 3_000));
  const prepared = await mapConcurrent(Array.from({ length: 500 }, (_, i) => i), 50, async (i) => {
    const userId = randomUUID();
    const joined = await http.call<{ token: string }>('POST', '/queue/tokens', { userId });
    const token = joined.body.token;
    const hold = await http.call<{ reservationId: string; price: number }>('POST', '/reservations', { scheduleId: scheduleIds[i % 10], seatNo: Math.floor(i / 10) + 1 }, { 'x-queue-token': token });
    if (hold.status !== 201) throw new Error(`hold answered ${hold.status}`);
    await http.call('POST', `/users/${userId}/balance/charge`, { amount: hold.body.price });
    return { token, reservationId: hold.body.reservationId };
  });
  await new Promise((resolve) => setTimeout(resolve, 5_000));
  return prepared;
}

/** The buyer journey of `npm run bench` (join → dates → seats → hold → charge → pay), 100 at a time, profiled as a whole. */
async function journey(http: BenchHttp, buyers: number): Promise<void> {
  const created = await http.call<{ concertId: string; schedules: Array<{ scheduleId: string }> }>(
    'POST',
    '/admin/concerts',
    { title: 'Profile', venue: 'Hall', schedules: Array.from({ length: Math.ceil(buyers / 40) }, (_, i) => ({ startsAt: startsAt(7 + i), seatPrice: 10_000 })) },
    ADMIN,
  );
  const { concertId, schedules } = created.body;
  await new Promise((resolve) => setTimeout(resolve, 3_000));
  const started = performance.now();
  let completed = 0;
  await mapConcurrent(Array.from({ length: buyers }, (_, i) => i), 100, async (index) => {
    const { userId, token } = await activeToken(http);
    const auth = { 'x-queue-token': token };
    const scheduleId = schedules[index % schedules.length]?.scheduleId ?? '';
    await http.call('GET', `/concerts/${concertId}/schedules`, undefined, auth);
    for (let attempt = 0; attempt < 8; attempt++) {
      const seats = await http.call<{ seats: Array<{ seatNo: number; status: string }> }>('GET', `/concerts/${concertId}/schedules/${scheduleId}/seats`, undefined, auth);
      const free = seats.body.seats.filter((seat) => seat.status === 'AVAILABLE');
      const seat = free[Math.floor(Math.random() * free.length)];
      if (!seat) return;
      const hold = await http.call<{ reservationId: string; price: number }>('POST', '/reservations', { scheduleId, seatNo: seat.seatNo }, auth);
      if (hold.status !== 201) continue;
      await http.call('POST', `/users/${userId}/balance/charge`, { amount: hold.body.price }, { 'idempotency-key': randomUUID() });
      const paid = await http.call('POST', '/payments', { reservationId: hold.body.reservationId }, auth);
      if (paid.status === 201) completed++;
      return;
    }
  });
  const seconds = (performance.now() - started) / 1000;
  process.stdout.write(`journey: ${completed} of ${buyers} paid in ${seconds.toFixed(1)} s (${(completed / seconds).toFixed(1)}/s)\n`);
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
    const ready = SCENARIO === 'pay' ? await preparePayments(http) : [];
    window.fromUs = microseconds();
    if (SCENARIO === 'pay') {
      const concurrency = Number(argument('concurrency', '100'));
      const started = performance.now();
      const latencies = await mapConcurrent(ready, concurrency, async ({ token, reservationId }) => {
        const t0 = performance.now();
        const paid = await http.call('POST', '/payments', { reservationId }, { 'x-queue-token': token });
        if (paid.status !== 201) throw new Error(`pay answered ${paid.status}`);
        return performance.now() - t0;
      });
      latencies.sort((a, b) => a - b);
      const seconds = (performance.now() - started) / 1000;
      process.stdout.write(`pay (${concurrency} at a time): ${ready.length} in ${seconds.toFixed(1)} s (${(ready.length / seconds).toFixed(0)}/s), p50 ${latencies[Math.floor(latencies.length / 2)]?.toFixed(0)} ms, p99 ${latencies[Math.floor(latencies.length * 0.99)]?.toFixed(0)} ms\n`);
    } else if (SCENARIO === 'join') {
      await runLoad({
        url: `${url}/queue/tokens`,
        connections: 100,
        duration: SECONDS,
        method: 'POST',
        requests: newUserJoins(),
      });
    } else if (SCENARIO === 'poll') {
      const { token } = await activeToken(http);
      await runLoad({ url: `${url}/queue/tokens/me`, connections: 100, duration: SECONDS, headers: { 'x-queue-token': token } });
    } else if (SCENARIO === 'seats' || SCENARIO === 'dates') {
      const created = await http.call<{ concertId: string; schedules: Array<{ scheduleId: string }> }>(
        'POST',
        '/admin/concerts',
        { title: 'Profile', venue: 'Hall', schedules: [{ startsAt: startsAt(7), seatPrice: 10_000 }] },
        ADMIN,
      );
      const { token } = await activeToken(http);
      const { concertId, schedules } = created.body;
      const target = SCENARIO === 'seats' ? `${url}/concerts/${concertId}/schedules/${schedules[0]?.scheduleId}/seats` : `${url}/concerts/${concertId}/schedules`;
      await runLoad({ url: target, connections: 100, duration: SECONDS, headers: { 'x-queue-token': token } });
    } else if (SCENARIO === 'journey') {
      await journey(http, 600);
    } else if (SCENARIO === 'tokens') {
      await mapConcurrent(Array.from({ length: 2_000 }), 100, () => activeToken(http));
    } else {
      throw new Error(`unknown scenario ${SCENARIO}`);
    }
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
