/**
 * `npm run bench:queue-growth [-- --sizes 10000,100000,1000000] [--room open|full] [--batch 50]
 * [--live 1000] [--capacity 100] [--slowlog-us 50] [--out file.json]`: how long one waiting-room
 * script runs, and how much Redis memory one waiting user costs, as the queue grows to a million
 * idle waiters (docs/waiting-queue.md, "Bounded steps and memory per waiting user").
 *
 * It starts a private redis-server (createThrowawayRedis, no persistence, SLOWLOG logging every
 * call of --slowlog-us or more), measures the costliest round the bound allows (`--room open`
 * only), and for each size, from an empty Redis:
 * 1. writes N idle waiters (last seen long before the idle cutoff) straight into Redis in the
 *    layout JOIN_SCRIPT leaves (queue-redis-keys.ts), in EVAL batches, then --live waiters who
 *    keep polling join behind them through RedisQueueStore.join with the gate closed;
 * 2. reads `used_memory` before and after: the delta / (N + live) is the memory per waiting user;
 * 3. with --capacity slots (free, or held by buyers: --room) drives admission rounds back to back,
 *    each followed by two joins and five status reads, until every idle waiter has been expired —
 *    while a second connection checks tokens the way the gateway does (QUEUE_TOKEN_STATE_SCRIPT),
 *    timing each check client-side;
 * 4. checks the exact counts (every idle waiter expired exactly once, the first --capacity live
 *    waiters admitted in arrival order with free slots, nobody else) and reports, per script, the
 *    count, p50, p99 and max of the run times Redis logged (SLOWLOG), the client-side times of the
 *    rounds and of the gateway checks, and the rounds the drain took.
 *
 * --batch replaces QUEUE_CLEANUP_BATCH_SIZE's default. The scripts are the repository's as they
 * stand, so the same run measured them before and after the bound.
 *
 * Time is the scripts' argument, not the clock: the run moves it 1 ms per round, so nobody live
 * turns idle however long the drain takes on a busy machine.
 */
import 'reflect-metadata';
import { createHash, randomUUID } from 'node:crypto';
import { writeFileSync } from 'node:fs';
import os from 'node:os';
import { createRedis, DEV_QUEUE_TOKEN_SECRET, loadConfig, QUEUE_TOKEN_STATE_SCRIPT, QueueTokenKeys, roomSeed, seedCommitment, shuffleScore } from '@concert/platform';
import { createThrowawayRedis } from '@concert/testing';
import type Redis from 'ioredis';
import type { Admission, AdmissionOutcome, JoinCommand } from '../../apps/queue-service/src/queue/application/ports/queue-store.port';
import { type AdmissionRound, AdmissionPolicy } from '../../apps/queue-service/src/queue/domain/admission-policy';
import type { QueueSettings } from '../../apps/queue-service/src/queue/domain/queue-settings';
import type { RoomSetup } from '../../apps/queue-service/src/queue/domain/room';
import { ADMIT_SCRIPT, EXPIRE_SCRIPT, JOIN_SCRIPT, PLACE_SCRIPT } from '../../apps/queue-service/src/queue/infrastructure/redis/queue-lua-scripts';
import { QueueRedisKeys } from '../../apps/queue-service/src/queue/infrastructure/redis/queue-redis-keys';
import { RedisQueueStore } from '../../apps/queue-service/src/queue/infrastructure/redis/redis-queue.store';
import { queueServiceConfigSchema, queueSettingsOf } from '../../apps/queue-service/src/queue-service.config';

function argument(name: string, fallback: string): string {
  const index = process.argv.indexOf(`--${name}`);
  return index > 0 ? (process.argv[index + 1] ?? fallback) : fallback;
}

const SIZES = argument('sizes', '10000,100000,1000000').split(',').map(Number);
const LIVE = Number(argument('live', '1000'));
const CAPACITY = Number(argument('capacity', '100'));
/**
 * `open` (default): the CAPACITY slots are free when the drain starts, so the rounds' fills meet
 * the idle waiters at the head; `full`: CAPACITY buyers hold every slot for the whole run, so only
 * the rounds' idle sweeps expire the idle waiters (and nobody is admitted).
 */
const ROOM = argument('room', 'open');
if (ROOM !== 'open' && ROOM !== 'full') throw new Error('--room must be open or full');
const OUT = argument('out', '');
/**
 * Redis logs every call that runs at least this long (µs). Not 0: Redis 7 logs the commands inside
 * a script too, a million of them for one unbounded step, and the log would wrap.
 */
const SLOWLOG_US = Number(argument('slowlog-us', '50'));
/** Idle waiters written per EVAL, and EVALs in flight: each batch keeps Redis busy ~10 ms. */
const FILL_BATCH = 1_000;
const FILL_IN_FLIGHT = 4;
/** A drain that needs more rounds than this is reported as unfinished (a bound that does not drain). */
const MAX_ROUNDS = 100_000;
const T0 = Date.parse('2030-01-01T12:00:00.000Z');

/**
 * Appends idle waiters as JOIN_SCRIPT writes a new waiting token: the sequence (one INCRBY per
 * batch), the token hash with the same fields, the waiting ZSET scored by sequence, the last-seen
 * ZSET, user → token, all in the room's keys. KEYS[1] waiting, KEYS[2] last-seen, KEYS[3] sequence
 * of the room; ARGV[1] the room's key prefix (`queue:{room:<concertId>}:`: the run's clients have
 * no prefix of their own), ARGV[2] joined / last seen ms, ARGV[3] iat s, ARGV[4] concert id, then
 * tokenId, userId pairs.
 */
const FILL_SCRIPT = `
local prefix, seen, iat, cid = ARGV[1], ARGV[2], ARGV[3], ARGV[4]
local n = (#ARGV - 4) / 2
local seq = redis.call('INCRBY', KEYS[3], n) - n
for i = 5, #ARGV, 2 do
  local tid, uid = ARGV[i], ARGV[i + 1]
  seq = seq + 1
  redis.call('HSET', prefix .. '${QueueRedisKeys.tokenInRoom}' .. tid, 'userId', uid, 'concertId', cid, 'seq', seq, 'iat', iat, 'joinedAt', seen, 'status', 'WAITING')
  redis.call('ZADD', KEYS[1], seq, tid)
  redis.call('ZADD', KEYS[2], seen, tid)
  redis.call('SET', prefix .. '${QueueRedisKeys.userInRoom}' .. uid, tid)
end
return seq
`;

type ScriptName = 'join' | 'place' | 'admit' | 'expire' | 'gatewayState' | 'fill';
const sha1 = (text: string): string => createHash('sha1').update(text).digest('hex');
const SCRIPT_BY_SHA = new Map<string, ScriptName>([
  [sha1(JOIN_SCRIPT), 'join'],
  [sha1(PLACE_SCRIPT), 'place'],
  [sha1(ADMIT_SCRIPT), 'admit'],
  [sha1(EXPIRE_SCRIPT), 'expire'],
  [sha1(QUEUE_TOKEN_STATE_SCRIPT), 'gatewayState'],
  [sha1(FILL_SCRIPT), 'fill'],
]);

interface Stats {
  count: number;
  p50: number;
  p99: number;
  max: number;
}

const round3 = (value: number) => Math.round(value * 1000) / 1000;

/** Client-side percentiles (ms). */
function stats(samplesMs: number[]): Stats {
  const sorted = [...samplesMs].sort((a, b) => a - b);
  const at = (q: number) => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] ?? 0;
  return { count: sorted.length, p50: round3(at(0.5)), p99: round3(at(0.99)), max: round3(sorted[sorted.length - 1] ?? 0) };
}

/**
 * Run-time percentiles (ms) of `calls` calls of which Redis logged those at or above the SLOWLOG
 * threshold (µs); the others ran faster than it. A percentile among them reads as `< threshold`.
 */
function loggedStats(loggedMicros: number[], calls: number): { count: number; logged: number; p50: number | string; p99: number | string; max: number | string } {
  const sorted = [...loggedMicros].sort((a, b) => b - a);
  const below = `< ${SLOWLOG_US / 1000}`;
  const at = (q: number): number | string => {
    const fromTop = Math.floor((1 - q) * calls);
    const value = sorted[fromTop];
    return value === undefined ? below : round3(value / 1000);
  };
  return { count: calls, logged: sorted.length, p50: at(0.5), p99: at(0.99), max: sorted[0] === undefined ? below : round3(sorted[0] / 1000) };
}

/**
 * SLOWLOG entries newer than the last one read, as script name → run times (µs). Redis 7 also
 * logs the commands a script runs (client `?:0`): those are skipped, the script's own entry counts.
 */
class SlowlogReader {
  private lastId = -1;
  readonly byScript = new Map<ScriptName, number[]>();

  constructor(private readonly raw: Redis) {}

  private readonly kept: number[] = [];

  /** Empties the log; run times read so far stay in allOf. */
  async reset(): Promise<void> {
    await this.raw.call('SLOWLOG', 'RESET');
    this.lastId = -1;
    this.kept.push(...(this.byScript.get('admit') ?? []));
    this.byScript.clear();
  }

  /** Every admission round's run time read since the reader was made, across resets. */
  allOf(name: 'admit'): number[] {
    return [...this.kept, ...(this.byScript.get(name) ?? [])];
  }

  async drain(): Promise<void> {
    const entries = (await this.raw.call('SLOWLOG', 'GET', '-1')) as Array<[number, number, number, string[], string, string]>;
    let newest = this.lastId;
    for (const [id, , micros, args, clientAddress] of entries) {
      if (id <= this.lastId) continue;
      newest = Math.max(newest, id);
      if (clientAddress === '?:0') continue;
      const command = (args[0] ?? '').toLowerCase();
      const sha = command === 'evalsha' ? (args[1] ?? '') : command === 'eval' ? sha1(args[1] ?? '') : '';
      const name = SCRIPT_BY_SHA.get(sha);
      if (!name) continue;
      const list = this.byScript.get(name) ?? [];
      list.push(micros);
      this.byScript.set(name, list);
    }
    this.lastId = newest;
  }
}

/** The one room a run fills: a concert with the configuration's settings and no scheduled opening. */
interface BenchRoom {
  concertId: string;
  setup: RoomSetup;
}

function benchRoom(): BenchRoom {
  const concertId = randomUUID();
  const seed = roomSeed(DEV_QUEUE_TOKEN_SECRET, concertId);
  return { concertId, setup: { maxActiveUsers: null, activeSeconds: null, saleOpensAtMs: null, seed, seedCommitment: seedCommitment(seed) } };
}

/** A new user's (or `userId`'s) join of the room at `nowMs`. */
function joinOf(room: BenchRoom, nowMs: number, round: AdmissionRound, userId: string = randomUUID()): JoinCommand {
  const tokenId = randomUUID();
  return {
    tokenId,
    userId,
    concertId: room.concertId,
    issuedAtSeconds: Math.floor(nowMs / 1000),
    shuffleScore: shuffleScore(room.setup.seed, tokenId),
    setup: room.setup,
    round,
  };
}

/** The room's outcome of an admission round over it alone. */
async function admitRoom(store: RedisQueueStore, room: BenchRoom, round: AdmissionRound): Promise<AdmissionOutcome> {
  const [outcome] = await store.admit([room.concertId], round);
  if (!outcome) throw new Error(`no admission outcome for room ${room.concertId}`);
  return outcome;
}

/** The gateway's state check's keys for a token of the room (QUEUE_TOKEN_STATE_SCRIPT). */
function stateKeys(concertId: string, tokenId: string): string[] {
  return [QueueTokenKeys.active(concertId), QueueTokenKeys.waiting(concertId), QueueTokenKeys.preQueue(concertId), QueueTokenKeys.token(concertId, tokenId)];
}

async function usedMemory(raw: Redis): Promise<number> {
  return Number(/used_memory:(\d+)/.exec(await raw.info('memory'))?.[1] ?? NaN);
}

interface SizeReport {
  idleWaiters: number;
  liveWaiters: number;
  fillSeconds: number;
  memoryBytesPerWaitingUser: number;
  usedMemoryDeltaBytes: number;
  rounds: number;
  drainSeconds: number;
  drained: boolean;
  /** Idle waiters expired during the drain (by rounds, and by the fills of joins into free slots): must be all of them. */
  expiredIdle: number;
  /** …of which the rounds reported. */
  evictedByRounds: number;
  admittedInOrder: boolean;
  admitted: number;
  idleTokenTtlSeconds: number;
  /** Run time of each script in Redis (SLOWLOG), ms. */
  scriptsMs: Partial<Record<ScriptName, ReturnType<typeof loggedStats>>>;
  /** An admission round's EVALSHA as the client sees it (round trip included), ms. */
  admitRoundClientMs: Stats;
  /** The gateway's state check as a second client sees it while the rounds run, ms: the wait behind a long script shows here. */
  gatewayCheckClientMs: Stats;
  refusedChecks: number;
}

async function runSize(url: string, idle: number, defaults: QueueSettings): Promise<SizeReport> {
  const raw = createRedis({ REDIS_URL: url, REDIS_KEY_PREFIX: '' }, 'bench-queue-growth-raw');
  const client = createRedis({ REDIS_URL: url, REDIS_KEY_PREFIX: '' }, 'bench-queue-growth-store');
  const gateway = createRedis({ REDIS_URL: url, REDIS_KEY_PREFIX: '' }, 'bench-queue-growth-gateway');
  type BenchCommands = { benchQueueFill(...args: Array<string | number>): Promise<number>; gatewayState(...args: Array<string | number>): Promise<string> };
  (client as Redis & BenchCommands).defineCommand('benchQueueFill', { numberOfKeys: 3, lua: FILL_SCRIPT });
  gateway.defineCommand('gatewayState', { numberOfKeys: 4, lua: QUEUE_TOKEN_STATE_SCRIPT });
  const filler = client as Redis & BenchCommands;
  const checker = gateway as Redis & BenchCommands;
  const store = new RedisQueueStore(client);
  const slowlog = new SlowlogReader(raw);
  // Live waiters join with the gate closed; the drain opens CAPACITY slots. Idle after 300 s.
  const settings: QueueSettings = { ...defaults, maxActiveUsers: CAPACITY, activeSeconds: 600, waitingIdleSeconds: 300 };
  const closed = new AdmissionPolicy({ ...settings, maxActiveUsers: 0 });
  const open = new AdmissionPolicy(settings);
  const room = benchRoom();
  const { concertId } = room;
  try {
    // Each script once before the run: a client sends a script's first call as EVAL, whose text the
    // SLOWLOG cuts to 128 bytes (and every store script starts with the same prelude); after it,
    // EVALSHA, named by its hash.
    const warmUpUser = randomUUID();
    await store.join(joinOf(room, T0, closed.round(T0), warmUpUser));
    await store.placeOf({ tokenId: randomUUID(), concertId }, closed.round(T0));
    await admitRoom(store, room, closed.round(T0));
    await store.expire({ concertId, tokenId: null, userId: warmUpUser, notJoinedAfterMs: T0, reason: 'PAID', round: closed.round(T0), limitAdjustment: null });
    await checker.gatewayState(...stateKeys(concertId, ''), '', T0, '');
    await raw.flushall('SYNC');
    if (ROOM === 'full') {
      for (let index = 0; index < CAPACITY; index++) {
        const joined = await store.join(joinOf(room, T0, open.round(T0)));
        if (joined.place.status !== 'ACTIVE') throw new Error(`buyer ${index} is ${joined.place.status}`);
      }
    }
    const memoryBefore = await usedMemory(raw);

    // 1. N idle waiters, seen 10 minutes before T0 (idle cutoff: 5 minutes).
    const fillStarted = process.hrtime.bigint();
    const idleIds: string[] = [];
    let written = 0;
    await Promise.all(
      Array.from({ length: FILL_IN_FLIGHT }, async () => {
        while (written < idle) {
          const count = Math.min(FILL_BATCH, idle - written);
          written += count;
          const pairs: string[] = [];
          for (let index = 0; index < count; index++) {
            const tokenId = randomUUID();
            if (idleIds.length < 1_000) idleIds.push(tokenId);
            pairs.push(tokenId, randomUUID());
          }
          await filler.benchQueueFill(
            QueueRedisKeys.waiting(concertId),
            QueueRedisKeys.lastSeen(concertId),
            QueueRedisKeys.sequence(concertId),
            QueueRedisKeys.room(concertId),
            T0 - 600_000,
            Math.floor((T0 - 600_000) / 1000),
            concertId,
            ...pairs,
          );
        }
      }),
    );
    // …and the live ones behind them, through the store.
    const live: Array<{ tokenId: string; userId: string }> = [];
    for (let index = 0; index < LIVE; index++) {
      const userId = randomUUID();
      const joined = await store.join(joinOf(room, T0, closed.round(T0), userId));
      if (joined.place.status !== 'WAITING') throw new Error(`live waiter ${index} is ${joined.place.status}`);
      live.push({ tokenId: joined.place.tokenId, userId });
    }
    const fillSeconds = Number(process.hrtime.bigint() - fillStarted) / 1e9;
    if ((await raw.zcard(QueueRedisKeys.waiting(concertId))) !== idle + LIVE) throw new Error('the fill did not write every waiter');

    // 2. Memory per waiting user.
    const usedMemoryDeltaBytes = (await usedMemory(raw)) - memoryBefore;

    // 3. Drain: rounds (each with two joins and five status reads) until no idle waiter is left.
    await slowlog.reset();
    let checking = true;
    const checks: number[] = [];
    /** Checks refused while a script ran past lua-time-limit (5 s): Redis answers BUSY meanwhile. */
    let refusedChecks = 0;
    const gatewayLoop = (async () => {
      let at = 0;
      while (checking) {
        const token = at % 2 === 0 ? live[at % live.length] : { tokenId: idleIds[at % idleIds.length] ?? '', userId: '' };
        at += 1;
        const started = process.hrtime.bigint();
        try {
          await checker.gatewayState(...stateKeys(concertId, token?.tokenId ?? ''), token?.tokenId ?? '', T0, token?.userId ?? '');
        } catch {
          refusedChecks += 1;
        }
        checks.push(Number(process.hrtime.bigint() - started) / 1e6);
        await new Promise((resolve) => setTimeout(resolve, 1));
      }
    })();
    const admissions: Admission[] = [];
    const admitMs: number[] = [];
    let evictedByRounds = 0;
    let rounds = 0;
    let now = T0;
    const drainStarted = process.hrtime.bigint();
    const idleLeft = async (): Promise<number> => raw.zcount(QueueRedisKeys.lastSeen(concertId), '-inf', `(${open.round(now).idleCutoffMs}`);
    while (rounds < MAX_ROUNDS) {
      now += 1;
      const admitStarted = process.hrtime.bigint();
      const outcome = await admitRoom(store, room, open.round(now));
      admitMs.push(Number(process.hrtime.bigint() - admitStarted) / 1e6);
      rounds += 1;
      evictedByRounds += outcome.evictedIdle;
      admissions.push(...outcome.admitted);
      for (let index = 0; index < 2; index++) {
        const joined = await store.join(joinOf(room, now, open.round(now)));
        admissions.push(...joined.admitted);
      }
      for (let index = 0; index < 5; index++) await store.placeOf({ tokenId: live[(rounds * 5 + index) % live.length]?.tokenId ?? '', concertId }, open.round(now));
      if (rounds % 200 === 0) await slowlog.drain();
      if (outcome.activeCount === CAPACITY && (await idleLeft()) === 0) break;
    }
    const drainSeconds = Number(process.hrtime.bigint() - drainStarted) / 1e9;
    checking = false;
    await gatewayLoop;
    await slowlog.drain();

    // 4. Exact counts: every idle waiter gone once, the first CAPACITY live ones admitted in order.
    const inOrder = [...admissions].sort((a, b) => a.admissionNo - b.admissionNo).map((admission) => admission.tokenId);
    const expectedAdmitted = ROOM === 'open' ? live.slice(0, CAPACITY).map((token) => token.tokenId) : [];
    const admittedInOrder = inOrder.length === expectedAdmitted.length && inOrder.every((tokenId, index) => tokenId === expectedAdmitted[index]);
    const drained = (await idleLeft()) === 0;
    const joinedDuringDrain = 2 * rounds;
    const buyers = ROOM === 'full' ? CAPACITY : 0;
    const expiredIdle = buyers + idle + LIVE + joinedDuringDrain - (await raw.zcard(QueueRedisKeys.waiting(concertId))) - (await raw.zcard(QueueRedisKeys.active(concertId)));
    const idleTokenTtlSeconds = await raw.ttl(QueueTokenKeys.token(concertId, idleIds[0] ?? ''));
    const calls: Record<ScriptName, number> = { admit: rounds, join: joinedDuringDrain, place: 5 * rounds, gatewayState: checks.length, expire: 0, fill: 0 };
    const scriptsMs: SizeReport['scriptsMs'] = {};
    for (const name of ['admit', 'join', 'place', 'gatewayState'] as const) scriptsMs[name] = loggedStats(slowlog.byScript.get(name) ?? [], calls[name]);
    return {
      idleWaiters: idle,
      liveWaiters: LIVE,
      fillSeconds: Math.round(fillSeconds * 10) / 10,
      memoryBytesPerWaitingUser: Math.round(usedMemoryDeltaBytes / (idle + LIVE)),
      usedMemoryDeltaBytes,
      rounds,
      drainSeconds: Math.round(drainSeconds * 100) / 100,
      drained,
      expiredIdle,
      evictedByRounds,
      admittedInOrder,
      admitted: admissions.length,
      idleTokenTtlSeconds,
      scriptsMs,
      admitRoundClientMs: stats(admitMs),
      gatewayCheckClientMs: stats(checks),
      refusedChecks,
    };
  } finally {
    await Promise.allSettled([raw.quit(), client.quit(), gateway.quit()]);
  }
}

/**
 * The costliest round the bound allows, built REPEATS times on an empty Redis: `batch` active
 * windows just ended, `batch` idle waiters deep in the queue for the sweep, `batch` idle heads and
 * `batch` live waiters behind them for the fill, and `batch` slots — so each of the four loops
 * handles a whole batch. Checks that it did exactly that and reports its run time (SLOWLOG).
 */
async function worstCaseRound(url: string, defaults: QueueSettings): Promise<{ batch: number; repeats: number; ms: ReturnType<typeof loggedStats> }> {
  const batch = defaults.cleanupBatchSize;
  const repeats = 20;
  const raw = createRedis({ REDIS_URL: url, REDIS_KEY_PREFIX: '' }, 'bench-queue-worst-raw');
  const client = createRedis({ REDIS_URL: url, REDIS_KEY_PREFIX: '' }, 'bench-queue-worst-store') as Redis & { benchQueueFill(...args: Array<string | number>): Promise<number> };
  client.defineCommand('benchQueueFill', { numberOfKeys: 3, lua: FILL_SCRIPT });
  const store = new RedisQueueStore(client);
  const slowlog = new SlowlogReader(raw);
  const policy = new AdmissionPolicy({ ...defaults, maxActiveUsers: batch, activeSeconds: 1, waitingIdleSeconds: 300 });
  const room = benchRoom();
  const { concertId } = room;
  const waiters = async (count: number, seenMs: number): Promise<void> => {
    const pairs = Array.from({ length: count }, () => [randomUUID(), randomUUID()]).flat();
    await client.benchQueueFill(
      QueueRedisKeys.waiting(concertId),
      QueueRedisKeys.lastSeen(concertId),
      QueueRedisKeys.sequence(concertId),
      QueueRedisKeys.room(concertId),
      seenMs,
      Math.floor(seenMs / 1000),
      concertId,
      ...pairs,
    );
  };
  try {
    await admitRoom(store, room, policy.round(T0));
    for (let repeat = 0; repeat < repeats; repeat++) {
      await raw.flushall('SYNC');
      // batch buyers fill the room at T0 with a one-second window…
      for (let index = 0; index < batch; index++) await store.join(joinOf(room, T0, policy.round(T0)));
      // …then, in queue order: idle heads (idle, but seen after the deep ones), live waiters, and idle waiters seen longest ago.
      await waiters(batch, T0 - 301_000);
      await waiters(batch, T0 + 1_000);
      await waiters(batch, T0 - 600_000);
      await slowlog.reset();
      const outcome = await admitRoom(store, room, policy.round(T0 + 2_000));
      await slowlog.drain();
      if (outcome.expiredActive !== batch || outcome.evictedIdle !== 2 * batch || outcome.admitted.length !== batch) {
        throw new Error(`worst-case round did ${outcome.expiredActive} / ${outcome.evictedIdle} / ${outcome.admitted.length}, not ${batch} / ${2 * batch} / ${batch}`);
      }
    }
    return { batch, repeats, ms: loggedStats(slowlog.allOf('admit'), repeats) };
  } finally {
    await Promise.allSettled([raw.quit(), client.quit()]);
  }
}

async function main(): Promise<void> {
  const configured = queueSettingsOf(loadConfig(queueServiceConfigSchema, {}));
  // --batch: another QUEUE_CLEANUP_BATCH_SIZE than the default, to see what a step costs per unit of it.
  const defaults: QueueSettings = { ...configured, cleanupBatchSize: Number(argument('batch', String(configured.cleanupBatchSize))) };
  // No persistence (the run measures script time, not the disk); every command in the SLOWLOG.
  const redis = await createThrowawayRedis({
    args: ['--appendonly', 'no', '--save', '', '--maxmemory', '0', '--slowlog-log-slower-than', String(SLOWLOG_US), '--slowlog-max-len', '100000'],
  });
  const started = Date.now();
  const report: Record<string, unknown> = {
    date: new Date().toISOString(),
    machine: { cpus: os.cpus().length, cpu: os.cpus()[0]?.model ?? '', memoryGiB: Math.round((os.totalmem() / 2 ** 30) * 10) / 10, node: process.version, loadAverage: os.loadavg().map((load) => Math.round(load * 100) / 100) },
    settings: { cleanupBatchSize: defaults.cleanupBatchSize, capacity: CAPACITY, live: LIVE, room: ROOM, slowlogMicros: SLOWLOG_US },
  };
  const sizes: Record<string, SizeReport> = {};
  try {
    await redis.start();
    const raw = createRedis({ REDIS_URL: redis.url, REDIS_KEY_PREFIX: '' }, 'bench-queue-growth-info');
    report['redis'] = /redis_version:(\S+)/.exec(await raw.info('server'))?.[1];
    await raw.quit();
    if (ROOM === 'open') {
      report['worstCaseRound'] = await worstCaseRound(redis.url, defaults);
      console.error(JSON.stringify(report['worstCaseRound']));
    }
    for (const size of SIZES) {
      console.error(`queue growth: ${size.toLocaleString('en')} idle waiters…`);
      sizes[String(size)] = await runSize(redis.url, size, defaults);
      console.error(JSON.stringify(sizes[String(size)]));
    }
  } finally {
    await redis.destroy();
  }
  report['sizes'] = sizes;
  report['wallSeconds'] = Math.round((Date.now() - started) / 100) / 10;
  const text = JSON.stringify(report, null, 2);
  if (OUT) writeFileSync(OUT, `${text}\n`);
  console.log(text);
}

main().catch((error: unknown) => {
  console.error(`queue-growth failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
  process.exit(1);
});
