/**
 * `npm run bench:join-cost [-- --rate 1500] [--rounds 4] [--waiting]`: the CPU time one token issue
 * costs each process, for the system (through the gateway, one instance of each service as `npm
 * start` runs it) and for the bare shape of the ceiling (bench/ceiling/), in alternating rounds.
 * Every join is admitted at once (free slots without end), or with `--waiting` none is (no slot:
 * the crowd's case, every join waits at the back).
 *
 * The load is paced at a rate the machine carries with room to spare, so the figure is the work
 * per request and not how a saturated machine shared its cores; it moves far less with this VM's
 * drift than a throughput ratio does. Read from /proc: CPU time (user + system) and the number of
 * read and write system calls of each process; and from Redis itself (INFO commandstats) the time
 * it spent executing commands, which leaves out its network work.
 *
 * Each system join is a new user's, into one concert's room; every joiner signs in before the
 * rounds start, so no sign-in falls into a round. The bare shape names its user in the body.
 */
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import type { Request } from 'autocannon';
import Redis from 'ioredis';
import { testInfra } from '@concert/testing';
import { bareJoins, startCeiling } from '../ceiling/ceiling';
import { startBenchSystem } from '../lib/bench-system';
import { createConcert, joinFeed, signInMany } from '../lib/buyers';
import { cpuMsOf, pidsNamed } from '../lib/cpu';
import { BenchHttp } from '../lib/http';
import { type RequestFeed, runLoad } from '../lib/load';

const ROOT = path.resolve(__dirname, '..', '..');
const argument = (name: string, fallback: number): number => {
  const index = process.argv.indexOf(name);
  return index > 0 ? Number(process.argv[index + 1]) : fallback;
};
const RATE = argument('--rate', 1_500);
const ROUNDS = argument('--rounds', 4);
const WAITING = process.argv.includes('--waiting');
const SECONDS = 8;
const CONNECTIONS = 50;
/** Unpaced warm-up of each shape before the rounds. */
const WARM_UP_SECONDS = 3;
/** Joins a second the unpaced warm-up cannot pass (token issue peaked at 4,028/s on this machine, 2026-12-03). */
const WARM_UP_RATE_BOUND = 6_000;

interface Counters {
  cpuMs: number;
  syscalls: number;
}

function countersOf(pid: number): Counters {
  const io = readFileSync(`/proc/${pid}/io`, 'utf8');
  const calls = (name: string): number => Number(new RegExp(`^${name}: (\\d+)$`, 'm').exec(io)?.[1] ?? 0);
  return { cpuMs: cpuMsOf(pid), syscalls: calls('syscr') + calls('syscw') };
}

/** Microseconds Redis has spent executing each command since its statistics were last reset. */
async function redisCommandUs(redis: Redis): Promise<Map<string, number>> {
  const stats = await redis.info('commandstats');
  return new Map([...stats.matchAll(/^cmdstat_([^:]+):calls=\d+,usec=(\d+),/gm)].map((match) => [match[1] ?? '', Number(match[2])]));
}

/** The joins of a load: the system's from a feed of new users signed in ahead, the bare shape's as they are. */
type Joins = { feed: RequestFeed } | { requests: Request[] };

/** Joins at RATE for SECONDS; CPU µs and system calls per join of each named process, and Redis's command time. */
async function round(url: string, joinsOf: Joins, processes: Record<string, number>, redis: Redis): Promise<{ perProcess: Record<string, { us: number; syscalls: number }>; commands: Array<{ name: string; us: number }> }> {
  const before = Object.fromEntries(Object.entries(processes).map(([name, pid]) => [name, countersOf(pid)]));
  const commandUsBefore = await redisCommandUs(redis);
  const result = await runLoad({ url, connections: CONNECTIONS, duration: SECONDS, warmupSeconds: 0, overallRate: RATE, method: 'POST', ...joinsOf });
  const joins = result.requests;
  if (result.errors > 0) throw new Error(`${result.errors} errors (failed or refused joins) out of ${joins}: ${JSON.stringify(result.statusCounts)}`);
  const commandUsAfter = await redisCommandUs(redis);
  const commands = [...commandUsAfter]
    .map(([name, us]) => ({ name, us: Number(((us - (commandUsBefore.get(name) ?? 0)) / joins).toFixed(1)) }))
    .filter((command) => command.us >= 0.1)
    .sort((a, b) => b.us - a.us);
  const perProcess = Object.fromEntries(
    Object.entries(processes).map(([name, pid]) => {
      const after = countersOf(pid);
      const was = before[name] ?? after;
      return [name, { us: Math.round((1000 * (after.cpuMs - was.cpuMs)) / joins), syscalls: Number(((after.syscalls - was.syscalls) / joins).toFixed(2)) }];
    }),
  );
  return { perProcess, commands };
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)] ?? 0;
}

async function main(): Promise<void> {
  process.stdout.write('building (npm run build)…\n');
  execFileSync('npm', ['run', '--silent', 'build'], { cwd: ROOT, stdio: 'inherit' });
  const bench = await startBenchSystem({ name: 'join_cost', gatewayPort: 3_900, replicas: 1, env: { QUEUE_MAX_ACTIVE_USERS: WAITING ? '0' : '10000000' } });
  const http = new BenchHttp(bench.gatewayUrl);
  const redisClient = new Redis(testInfra.redisUrl);
  const ceiling = await startCeiling({ connections: CONNECTIONS, basePort: 3_990 });
  const pidOf = (name: string): number => bench.system.processes.find((managed) => managed.name === name)?.child.pid ?? 0;
  // Both shapes use the same Redis (nothing else runs on it meanwhile).
  const redis = pidsNamed('redis-server')[0] ?? 0;
  const system = { gateway: pidOf('gateway'), 'queue-service': pidOf('queue-service'), redis, 'load generator': process.pid };
  const bare = { 'bare gateway': ceiling.pids.gateway, 'bare service': ceiling.pids.service, redis, 'load generator': process.pid };
  const systemUrl = `${bench.gatewayUrl}/api/v1/queue/tokens`;
  const bareUrl = 'http://127.0.0.1:3990/join';
  const rows: Record<string, Array<{ us: number; syscalls: number }>> = {};
  const commandRows: Record<string, number[]> = {};
  try {
    const { concertId } = await createConcert(http, 1, 'Join cost');
    // A paced round makes at most RATE joins in each of its SECONDS (and a partial one).
    const perRound = RATE * (SECONDS + 1);
    process.stdout.write(`signing in ${WARM_UP_RATE_BOUND * WARM_UP_SECONDS + ROUNDS * perRound} joiners…\n`);
    const warmUpJoiners = await signInMany(http, WARM_UP_RATE_BOUND * WARM_UP_SECONDS);
    const roundJoiners = await signInMany(http, ROUNDS * perRound);
    process.stdout.write(`${RATE} joins/s, ${CONNECTIONS} connections, ${ROUNDS} rounds of ${SECONDS} s each for the system and the bare shape, alternating; ${WAITING ? 'no free slot: every join waits' : 'free slots: every join is admitted at once'}\n`);
    // Unrecorded (so it may end early if its joiners run out).
    const warmUp = { connections: CONNECTIONS, duration: WARM_UP_SECONDS, warmupSeconds: 0, method: 'POST' } as const;
    await runLoad({ url: systemUrl, ...warmUp, feed: joinFeed(warmUpJoiners, concertId) });
    await runLoad({ url: bareUrl, ...warmUp, requests: bareJoins() });
    for (let index = 0; index < ROUNDS; index++) {
      const systemJoins: Joins = { feed: joinFeed(roundJoiners.slice(index * perRound, (index + 1) * perRound), concertId) };
      for (const [label, url, joinsOf, processes] of [
        ['system', systemUrl, systemJoins, system],
        ['bare', bareUrl, { requests: bareJoins() }, bare],
      ] as const) {
        const { perProcess, commands } = await round(url, joinsOf, processes, redisClient);
        process.stdout.write(`round ${index + 1}, ${label}: ${Object.entries(perProcess).map(([name, value]) => `${name} ${value.us} µs (${value.syscalls} syscalls)`).join(', ')}\n`);
        process.stdout.write(`  redis executing, µs per join: ${commands.map((command) => `${command.name} ${command.us}`).join(', ')}\n`);
        for (const [name, value] of Object.entries(perProcess)) (rows[`${label}: ${name}`] ??= []).push(value);
        const values = Object.values(perProcess);
        (rows[`${label}: all of them`] ??= []).push({ us: values.reduce((sum, value) => sum + value.us, 0), syscalls: values.reduce((sum, value) => sum + value.syscalls, 0) });
        for (const command of commands) (commandRows[`${label}: ${command.name}`] ??= []).push(command.us);
      }
    }
  } finally {
    redisClient.disconnect();
    await http.close();
    await ceiling.stop();
    await bench.stop();
  }
  process.stdout.write('\n| process | CPU µs per join, median (min–max) | read + write syscalls per join |\n|---|---|---:|\n');
  for (const [name, values] of Object.entries(rows)) {
    const us = values.map((value) => value.us);
    process.stdout.write(`| ${name} | ${median(us)} (${Math.min(...us)}–${Math.max(...us)}) | ${median(values.map((value) => value.syscalls)).toFixed(2)} |\n`);
  }
  // A command a script runs counts in its own line too: a script's line includes its commands' time.
  process.stdout.write('\n| Redis command (a script includes the commands it runs) | µs executing per join, median (min–max) |\n|---|---|\n');
  for (const [name, us] of Object.entries(commandRows)) {
    if (us.length === ROUNDS && median(us) >= 0.5) process.stdout.write(`| ${name} | ${median(us)} (${Math.min(...us)}–${Math.max(...us)}) |\n`);
  }
}

main().catch((error: unknown) => {
  process.stderr.write(`join-cost failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  process.exit(1);
});
