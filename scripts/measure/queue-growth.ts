/**
 * Measures the waiting room's Lua scripts against the real Redis as the queue grows
 * (docs/waiting-queue.md, "Measured"):
 *
 *   node -r @swc-node/register scripts/measure/queue-growth.ts [--sizes 1000,100000] [--memory-at 10000] [--samples 500]
 *
 * - latency of one join, one status read (`place`), the gateway's state check and an admission
 *   round with nothing to admit, one call at a time, at each queue size of --sizes;
 * - bulk join throughput (64 calls in flight) while the queue grows;
 * - Redis memory per waiting user at --memory-at and at the largest size: the sum of
 *   `MEMORY USAGE <key> SAMPLES 0` over every key of the run, and the `used_memory` delta;
 * - one admission round that admits 1,000 users at the largest size.
 *
 * Everything runs under a fresh REDIS_KEY_PREFIX (`measure:queue-growth:<random>:`) with the
 * production code (RedisQueueStore, AdmissionPolicy, QUEUE_TOKEN_STATE_SCRIPT); every key of the
 * run is deleted at the end, also when the run fails. Reads REDIS_URL (default redis://127.0.0.1:6379).
 */
import 'reflect-metadata';
import { randomBytes, randomUUID } from 'node:crypto';
import os from 'node:os';
import { createRedis, DEV_QUEUE_TOKEN_SECRET, QUEUE_TOKEN_STATE_SCRIPT, QueueTokenKeys, roomSeed, seedCommitment, shuffleScore } from '@concert/platform';
import { unlinkByPrefix } from '@concert/testing';
import type Redis from 'ioredis';
import { AdmissionPolicy } from '../../apps/queue-service/src/queue/domain/admission-policy';
import type { QueueSettings } from '../../apps/queue-service/src/queue/domain/queue-settings';
import type { RoomSetup } from '../../apps/queue-service/src/queue/domain/room';
import { RedisQueueStore } from '../../apps/queue-service/src/queue/infrastructure/redis/redis-queue.store';

const REDIS_URL = process.env['REDIS_URL'] ?? 'redis://127.0.0.1:6379';
const CONCURRENCY = 64;
const ADMIT_BATCH = 1_000;

function argument(name: string, fallback: string): string {
  const index = process.argv.indexOf(`--${name}`);
  return index > 0 ? (process.argv[index + 1] ?? fallback) : fallback;
}

const SIZES = argument('sizes', '1000,100000')
  .split(',')
  .map(Number)
  .sort((a, b) => a - b);
const MEMORY_AT = Number(argument('memory-at', '10000'));
const SAMPLES = Number(argument('samples', '500'));

/** Capacity 0 keeps the gate closed: every joiner waits (admission is measured separately). */
const WAITING_ONLY: QueueSettings = {
  maxActiveUsers: 0,
  admitIntervalMs: 1_000,
  activeSeconds: 600,
  waitingIdleSeconds: 3_600,
  tokenRetentionSeconds: 86_400,
  idleTokenRetentionSeconds: 300,
  cleanupBatchSize: 50,
  rateWindowSeconds: 60,
  admissionLatencyTargetMs: 0,
  adaptiveMinActiveUsers: 10,
};

interface Stats {
  p50: number;
  p99: number;
  max: number;
}

function stats(samplesMs: number[]): Stats {
  const sorted = [...samplesMs].sort((a, b) => a - b);
  const at = (q: number) => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] ?? 0;
  const round = (value: number) => Math.round(value * 1000) / 1000;
  return { p50: round(at(0.5)), p99: round(at(0.99)), max: round(sorted[sorted.length - 1] ?? 0) };
}

async function timed(work: () => Promise<unknown>): Promise<number> {
  const started = process.hrtime.bigint();
  await work();
  return Number(process.hrtime.bigint() - started) / 1e6;
}

async function usedMemory(raw: Redis): Promise<number> {
  const info = await raw.info('memory');
  return Number(/used_memory:(\d+)/.exec(info)?.[1] ?? NaN);
}

/** Every key of the run with its `MEMORY USAGE … SAMPLES 0`, grouped by kind (a room's per-token and per-user keys together). */
async function memoryOfRun(raw: Redis, prefix: string, concertId: string): Promise<{ keys: number; bytes: number; byKind: Record<string, { keys: number; bytes: number }> }> {
  const byKind: Record<string, { keys: number; bytes: number }> = {};
  let cursor = '0';
  let keys = 0;
  let bytes = 0;
  const room = QueueTokenKeys.room(concertId);
  do {
    const [next, batch] = await raw.scan(cursor, 'MATCH', `${prefix}*`, 'COUNT', 2_000);
    cursor = next;
    if (batch.length === 0) continue;
    const pipeline = raw.pipeline();
    for (const key of batch) pipeline.call('MEMORY', 'USAGE', key, 'SAMPLES', '0');
    const results = (await pipeline.exec()) ?? [];
    batch.forEach((key, index) => {
      const size = Number(results[index]?.[1] ?? 0);
      const rest = key.slice(prefix.length);
      const inRoom = rest.startsWith(room) ? rest.slice(room.length) : null;
      const kind = inRoom?.startsWith('token:')
        ? 'queue:{room:<concertId>}:token:<id> (HASH)'
        : inRoom?.startsWith('user:')
          ? 'queue:{room:<concertId>}:user:<id> (STRING)'
          : inRoom === null
            ? rest
            : `queue:{room:<concertId>}:${inRoom}`;
      const entry = (byKind[kind] ??= { keys: 0, bytes: 0 });
      entry.keys += 1;
      entry.bytes += size;
      keys += 1;
      bytes += size;
    });
  } while (cursor !== '0');
  return { keys, bytes, byKind };
}

async function countRun(raw: Redis, prefix: string): Promise<number> {
  let cursor = '0';
  let count = 0;
  do {
    const [next, batch] = await raw.scan(cursor, 'MATCH', `${prefix}*`, 'COUNT', 2_000);
    cursor = next;
    count += batch.length;
  } while (cursor !== '0');
  return count;
}

async function main(): Promise<void> {
  const prefix = `measure:queue-growth:${randomBytes(4).toString('hex')}:`;
  const redis = createRedis({ REDIS_URL, REDIS_KEY_PREFIX: prefix }, 'measure-queue-growth');
  const raw = createRedis({ REDIS_URL, REDIS_KEY_PREFIX: '' }, 'measure-queue-growth-raw');
  const store = new RedisQueueStore(redis);
  const waitingOnly = new AdmissionPolicy(WAITING_ONLY);
  redis.defineCommand('queueTokenState', { numberOfKeys: 4, lua: QUEUE_TOKEN_STATE_SCRIPT });
  /** The one waiting room the run fills: the configuration's settings, no scheduled opening. */
  const concertId = randomUUID();
  const seed = roomSeed(DEV_QUEUE_TOKEN_SECRET, concertId);
  const setup: RoomSetup = { maxActiveUsers: null, activeSeconds: null, saleOpensAtMs: null, seed, seedCommitment: seedCommitment(seed) };
  /** The gateway's state check: bound to the user the token was issued to. */
  const stateOf = ({ tokenId, userId }: { tokenId: string; userId: string }): Promise<unknown> =>
    (redis as unknown as { queueTokenState(...args: Array<string | number>): Promise<unknown> }).queueTokenState(
      QueueTokenKeys.active(concertId),
      QueueTokenKeys.waiting(concertId),
      QueueTokenKeys.preQueue(concertId),
      QueueTokenKeys.token(concertId, tokenId),
      tokenId,
      Date.now(),
      userId,
    );
  const tokenIds: string[] = [];
  const owners: string[] = [];
  const join = async (): Promise<void> => {
    const now = Date.now();
    const tokenId = randomUUID();
    const result = await store.join({
      tokenId,
      userId: randomUUID(),
      concertId,
      issuedAtSeconds: Math.floor(now / 1000),
      shuffleScore: shuffleScore(seed, tokenId),
      setup,
      round: waitingOnly.round(now),
    });
    tokenIds.push(result.place.tokenId);
    owners.push(result.place.userId);
  };
  const randomToken = (): { tokenId: string; userId: string } => {
    const index = Math.floor(Math.random() * tokenIds.length);
    return { tokenId: tokenIds[index] ?? '', userId: owners[index] ?? '' };
  };

  const report: Record<string, unknown> = {
    date: new Date().toISOString(),
    machine: { cpus: os.cpus().length, memoryGiB: Math.round((os.totalmem() / 2 ** 30) * 10) / 10, node: process.version },
    redis: /redis_version:(\S+)/.exec(await raw.info('server'))?.[1],
    prefix,
  };
  const memoryBefore = await usedMemory(raw);
  const started = Date.now();
  try {
    const latency: Record<string, unknown> = {};
    const growth: Array<{ from: number; to: number; seconds: number; joinsPerSecond: number }> = [];
    const memory: Record<string, unknown> = {};
    const grow = async (target: number): Promise<void> => {
      const from = tokenIds.length;
      if (target <= from) return;
      const begin = process.hrtime.bigint();
      let next = from;
      await Promise.all(
        Array.from({ length: CONCURRENCY }, async () => {
          while (next < target) {
            next += 1;
            await join();
          }
        }),
      );
      const seconds = Number(process.hrtime.bigint() - begin) / 1e9;
      growth.push({ from, to: tokenIds.length, seconds: Math.round(seconds * 100) / 100, joinsPerSecond: Math.round((tokenIds.length - from) / seconds) });
    };
    const measureMemory = async (label: string): Promise<void> => {
      const waiting = tokenIds.length;
      const run = await memoryOfRun(raw, prefix, concertId);
      const delta = (await usedMemory(raw)) - memoryBefore;
      memory[label] = {
        waiting,
        keys: run.keys,
        memoryUsageBytes: run.bytes,
        memoryUsageBytesPerUser: Math.round(run.bytes / waiting),
        usedMemoryDeltaBytes: delta,
        usedMemoryDeltaBytesPerUser: Math.round(delta / waiting),
        byKind: Object.fromEntries(
          Object.entries(run.byKind).map(([kind, entry]) => [kind, { keys: entry.keys, bytes: entry.bytes, bytesPerUser: Math.round(entry.bytes / waiting) }]),
        ),
      };
    };

    const checkpoints = [...new Set([...SIZES, MEMORY_AT])].sort((a, b) => a - b);
    for (const size of checkpoints) {
      await grow(size);
      if (size === MEMORY_AT) await measureMemory(`at ${size}`);
      if (!SIZES.includes(size)) continue;
      // One call at a time: the latency of one script, round trip included. The joins add
      // SAMPLES users (the queue grows by that much during the measurement).
      // Warm-up (script cache, JIT, connection) before anything is timed.
      for (let i = 0; i < 200; i++) {
        await store.placeOf({ tokenId: randomToken().tokenId, concertId }, waitingOnly.round(Date.now()));
        await stateOf(randomToken());
      }
      const place: number[] = [];
      const state: number[] = [];
      const admit: number[] = [];
      for (let i = 0; i < SAMPLES; i++) place.push(await timed(() => store.placeOf({ tokenId: randomToken().tokenId, concertId }, waitingOnly.round(Date.now()))));
      for (let i = 0; i < SAMPLES; i++) state.push(await timed(() => stateOf(randomToken())));
      for (let i = 0; i < 50; i++) admit.push(await timed(() => store.admit([concertId], waitingOnly.round(Date.now()))));
      const joins: number[] = [];
      for (let i = 0; i < SAMPLES; i++) joins.push(await timed(join));
      latency[`${size} waiting`] = {
        joinMs: stats(joins),
        placeMs: stats(place),
        gatewayStateMs: stats(state),
        admitRoundNothingToAdmitMs: stats(admit),
        samples: SAMPLES,
      };
    }
    const largest = tokenIds.length;
    if (!memory[`at ${largest}`]) await measureMemory(`at ${largest}`);

    // One round that admits ADMIT_BATCH users from the head (capacity opened to ADMIT_BATCH).
    const opened = new AdmissionPolicy({ ...WAITING_ONLY, maxActiveUsers: ADMIT_BATCH });
    let admitted = 0;
    const admitMs = await timed(async () => {
      const [outcome] = await store.admit([concertId], opened.round(Date.now()));
      admitted = outcome?.admitted.length ?? 0;
    });
    report['admitRound'] = { waiting: largest, admitted, ms: Math.round(admitMs * 1000) / 1000 };

    // The hash of one token through its life: waiting, admitted, expired (kept for the retention time).
    const hashBytes = async (tokenId: string): Promise<number> => Number(await raw.call('MEMORY', 'USAGE', `${prefix}${QueueTokenKeys.token(concertId, tokenId)}`, 'SAMPLES', '0'));
    const waitingToken = tokenIds[tokenIds.length - 1] ?? '';
    const admittedToken = tokenIds[0] ?? '';
    const activeBytes = await hashBytes(admittedToken);
    const owner = await redis.hget(QueueTokenKeys.token(concertId, admittedToken), 'userId');
    await store.expire({ concertId, tokenId: admittedToken, userId: owner ?? '', notJoinedAfterMs: Date.now(), reason: 'PAID', round: waitingOnly.round(Date.now()), limitAdjustment: null });
    report['tokenHashBytes'] = { waiting: await hashBytes(waitingToken), active: activeBytes, expired: await hashBytes(admittedToken) };
    report['growth'] = growth;
    report['latency'] = latency;
    report['memory'] = memory;
  } finally {
    const deleted = await unlinkByPrefix(raw, prefix);
    report['cleanup'] = { deletedKeys: deleted, keysLeft: await countRun(raw, prefix) };
    report['wallSeconds'] = Math.round((Date.now() - started) / 100) / 10;
    await Promise.allSettled([redis.quit(), raw.quit()]);
  }
  console.log(JSON.stringify(report, null, 2));
}

main().catch((error: unknown) => {
  console.error(`queue-growth failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
  process.exit(1);
});
