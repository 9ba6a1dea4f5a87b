/**
 * Growth run 1: join and poll through the gateway with 1,000 vs 1,000,000 users waiting in one
 * concert's room (issue: "cost may not grow more than 1.5×"). Every joiner is a new user, signed
 * in before the load it joins in.
 *
 * The system's queue-service runs with QUEUE_GROWTH_ENV: one active slot that stays taken for a
 * day and waiters idle only after a day, so every joiner waits and nobody is admitted or evicted
 * during the run. The first 1,000 users join through the gateway; the other 999,000 are written
 * straight into Redis by a Lua script that writes what queue-service's join script writes
 * (checked against a real join before measuring), in seconds instead of the ~10 minutes a million
 * joins through the gateway would take. Stopping the bench system deletes its Redis keys.
 */
import { randomUUID } from 'node:crypto';
import { createRedis } from '@concert/platform';
import { testInfra } from '@concert/testing';
import type Redis from 'ioredis';
import { QueueRedisKeys } from '../../apps/queue-service/src/queue/infrastructure/redis/queue-redis-keys';
import type { BenchSystem } from '../lib/bench-system';
import { buyersFor, createConcert, joinFeed, joinQueue, type QueuedBuyer, signIn, signInMany } from '../lib/buyers';
import { BenchHttp, mapConcurrent } from '../lib/http';
import { DEFAULT_WARM_UP_SECONDS, type LoadResult, runLoad } from '../lib/load';
import type { ScenarioResult } from '../lib/report';
import { count, type GrowthOptions, growthNotes, row, SMALL_SIDE_WARM_UP_SECONDS } from './shared';

const SMALL = 1_000;
const FULL_LARGE = 1_000_000;
const FILL_BATCH = 2_000;
const FILL_IN_FLIGHT = 4;

/**
 * queue-service settings the run needs. One slot, not none, so the same system can hand out the
 * ACTIVE token the uncached catalog run reads with (see index.ts); once it is taken, every joiner
 * waits. Active and idle windows of a day: no admission or eviction moves anyone mid-run.
 */
export const QUEUE_GROWTH_ENV = { QUEUE_MAX_ACTIVE_USERS: '1', QUEUE_ACTIVE_SECONDS: '86400', QUEUE_WAITING_IDLE_SECONDS: '86400' };

/**
 * Appends waiting users as JOIN_SCRIPT does for a new token (queue-lua-scripts.ts): the sequence
 * (INCR per join there, one INCRBY per batch here), the token hash with the same fields in the
 * same order, the waiting ZSET scored by sequence, the last-seen ZSET scored by now, user → token,
 * all in the room's keys. KEYS[1] waiting, KEYS[2] last-seen, KEYS[3] sequence of the room;
 * ARGV[1] the room's key prefix (the client's prefix, then `queue:{room:<concertId>}:`), ARGV[2]
 * now ms, ARGV[3] iat s, ARGV[4] the concert whose room is joined, then tokenId, userId pairs. A batch of 2,000 keeps Redis busy ~10 ms at a time
 * (it is shared with whatever else runs on this machine).
 */
const FILL_SCRIPT = `
local prefix, now, iat, cid = ARGV[1], ARGV[2], ARGV[3], ARGV[4]
local n = (#ARGV - 4) / 2
local seq = redis.call('INCRBY', KEYS[3], n) - n
for i = 5, #ARGV, 2 do
  local tid, uid = ARGV[i], ARGV[i + 1]
  seq = seq + 1
  redis.call('HSET', prefix .. '${QueueRedisKeys.tokenInRoom}' .. tid, 'userId', uid, 'concertId', cid, 'seq', seq, 'iat', iat, 'joinedAt', now, 'status', 'WAITING')
  redis.call('ZADD', KEYS[1], seq, tid)
  redis.call('ZADD', KEYS[2], now, tid)
  redis.call('SET', prefix .. '${QueueRedisKeys.userInRoom}' .. uid, tid)
end
return seq
`;

type FillRedis = Redis & { benchQueueFill(...args: Array<string | number>): Promise<number> };

interface Measured {
  poll: LoadResult;
  join: LoadResult;
  position: number;
  waiting: number;
  waitingAfterJoin: number;
}

/** Runs on a system started with QUEUE_GROWTH_ENV for queue-service. */
export async function queueGrowth(options: GrowthOptions, bench: BenchSystem): Promise<ScenarioResult[]> {
  const large = Math.max(10 * SMALL, Math.round(FULL_LARGE * options.scale));
  const prefix = bench.redisKeyPrefix;
  const redis = createRedis({ REDIS_URL: testInfra.redisUrl, REDIS_KEY_PREFIX: prefix }, 'bench-growth-queue') as FillRedis;
  redis.defineCommand('benchQueueFill', { numberOfKeys: 3, lua: FILL_SCRIPT });
  const raw = createRedis({ REDIS_URL: testInfra.redisUrl, REDIS_KEY_PREFIX: '' }, 'bench-growth-queue-raw');
  const http = new BenchHttp(bench.gatewayUrl);
  try {
    const { concertId } = await createConcert(http, 1, 'Growth queue');
    options.log(`queue growth: ${count(SMALL)} users join through the gateway`);
    // The first may take the one active slot, if the catalog run has not: it does not wait.
    await mapConcurrent(Array.from({ length: SMALL }), 50, () => joinOne(http, concertId, ['WAITING', 'ACTIVE']));
    const small = await measureAt(options, bench.gatewayUrl, http, redis, concertId, SMALL_SIDE_WARM_UP_SECONDS);

    const [reference] = await redis.zrange(QueueRedisKeys.waiting(concertId), 0, 0);
    // The small side's joins already added a few ten thousand; the fill tops up to `large`.
    const toAdd = Math.max(0, large - (await redis.zcard(QueueRedisKeys.waiting(concertId))));
    const memoryBefore = await usedMemory(raw);
    const fillStarted = Date.now();
    await fillWaiting(redis, prefix, concertId, toAdd);
    const fillSeconds = (Date.now() - fillStarted) / 1000;
    const fillMiB = ((await usedMemory(raw)) - memoryBefore) / 2 ** 20;
    const [bulk] = await redis.zrange(QueueRedisKeys.waiting(concertId), -1, -1);
    await checkLayout(redis, concertId, reference ?? '', bulk ?? '');
    options.log(
      `queue growth: wrote ${count(toAdd)} waiting users into Redis in ${fillSeconds.toFixed(1)} s (+${fillMiB.toFixed(0)} MiB); their keys match a real join's`,
    );
    const big = await measureAt(options, bench.gatewayUrl, http, redis, concertId);

    const joinVerdict = growthNotes(small.join, big.join);
    const pollVerdict = growthNotes(small.poll, big.poll);
    options.log(`queue growth: join ${count(SMALL)} vs ${count(large)} waiting — ${joinVerdict.summary}`);
    options.log(`queue growth: poll ${count(SMALL)} vs ${count(large)} waiting — ${pollVerdict.summary}`);
    return [
      row(`growth: queue join, ${count(SMALL)} waiting`, small.join, { waiting: `${count(small.waiting)} → ${count(small.waitingAfterJoin)}` }),
      row(`growth: queue join, ${count(large)} waiting`, big.join, { waiting: `${count(big.waiting)} → ${count(big.waitingAfterJoin)}`, ...joinVerdict.notes }),
      row(`growth: queue poll, ${count(SMALL)} waiting`, small.poll, { waiting: count(small.waiting), 'token position': count(small.position) }),
      row(`growth: queue poll, ${count(large)} waiting`, big.poll, {
        waiting: count(big.waiting),
        'token position': count(big.position),
        ...pollVerdict.notes,
        'bulk fill': `${count(toAdd)} users, ${fillSeconds.toFixed(1)} s, ${fillMiB.toFixed(0)} MiB`,
      }),
    ];
  } finally {
    await http.close();
    await Promise.allSettled([redis.quit(), raw.quit()]);
  }
}

/** A new user signs in and joins the concert's room. */
async function joinOne(http: BenchHttp, concertId: string, expected = ['WAITING']): Promise<{ joiner: QueuedBuyer; position: number }> {
  const { queued, created, status, position } = await joinQueue(http, concertId, await signIn(http));
  if (!created || !expected.includes(status)) throw new Error(`queue join answered ${created ? 201 : 200} ${status}`);
  return { joiner: queued, position: position ?? -1 };
}

/**
 * Poll (a token at the back: the deepest rank there is), then join (fresh users), at the current
 * size; `warmupSeconds` for the poll, the first load of the run.
 */
async function measureAt(options: GrowthOptions, gatewayUrl: string, http: BenchHttp, redis: Redis, concertId: string, warmupSeconds?: number): Promise<Measured> {
  const url = `${gatewayUrl}/api/v1/queue/tokens`;
  const waiting = await redis.zcard(QueueRedisKeys.waiting(concertId));
  const { joiner, position } = await joinOne(http, concertId);
  if (position !== waiting + 1) throw new Error(`a new token got position ${position}, expected ${waiting + 1}`);
  options.log(`queue growth: poll at ${count(waiting + 1)} waiting`);
  const poll = await runLoad({ url: `${url}/me`, connections: options.connections, duration: options.duration, warmupSeconds, headers: joiner.headers });
  // Read back through the gateway: still waiting at the same place, so nobody was admitted or
  // evicted ahead of it during the run and the rank read was the deep one.
  const after = await http.call<{ status: string; position: number | null }>('GET', '/queue/tokens/me', undefined, joiner.headers);
  if (after.body.status !== 'WAITING' || after.body.position !== position) {
    throw new Error(`polled token reads ${after.body.status} at ${String(after.body.position)} after the run, expected WAITING at ${position}`);
  }
  options.log(`queue growth: polled token reads WAITING at position ${count(after.body.position)} through the gateway`);
  // A join costs the gateway and queue-service about what a poll does (2026-12-03): the poll's
  // rate bounds how many joiners to sign in.
  const joiners = await signInMany(http, buyersFor(poll.rps, DEFAULT_WARM_UP_SECONDS + options.duration));
  options.log(`queue growth: join at ${count(waiting + 1)} waiting`);
  const join = await runLoad({
    url,
    connections: options.connections,
    duration: options.duration,
    // The harness's 2 s: the poll before warmed the system, and every second adds ~2,000 waiting.
    method: 'POST',
    feed: joinFeed(joiners, concertId),
  });
  return { poll, join, position, waiting: waiting + 1, waitingAfterJoin: await redis.zcard(QueueRedisKeys.waiting(concertId)) };
}

async function fillWaiting(redis: FillRedis, prefix: string, concertId: string, users: number): Promise<void> {
  let next = 0;
  await Promise.all(
    Array.from({ length: FILL_IN_FLIGHT }, async () => {
      while (next < users) {
        const batch = Math.min(FILL_BATCH, users - next);
        next += batch;
        const pairs: string[] = [];
        for (let i = 0; i < batch; i++) pairs.push(randomUUID(), randomUUID());
        const now = Date.now();
        await redis.benchQueueFill(
          QueueRedisKeys.waiting(concertId),
          QueueRedisKeys.lastSeen(concertId),
          QueueRedisKeys.sequence(concertId),
          `${prefix}${QueueRedisKeys.room(concertId)}`,
          now,
          Math.floor(now / 1000),
          concertId,
          ...pairs,
        );
      }
    }),
  );
}

/** Fails the run when a bulk-written user is stored differently from one who joined for real. */
async function checkLayout(redis: Redis, concertId: string, realTokenId: string, bulkTokenId: string): Promise<void> {
  const describe = async (tokenId: string) => {
    const key = QueueRedisKeys.token(concertId, tokenId);
    const hash = await redis.hgetall(key);
    const [type, ttl, seq, seen, userToken] = await Promise.all([
      redis.type(key),
      redis.ttl(key),
      redis.zscore(QueueRedisKeys.waiting(concertId), tokenId),
      redis.zscore(QueueRedisKeys.lastSeen(concertId), tokenId),
      redis.get(QueueRedisKeys.user(concertId, hash['userId'] ?? '')),
    ]);
    return { type, ttl, fields: Object.keys(hash).join(','), status: hash['status'], rankedBySeq: seq !== null && seq === hash['seq'], seen: seen !== null, userPointsBack: userToken === tokenId };
  };
  const [real, bulk] = await Promise.all([describe(realTokenId), describe(bulkTokenId)]);
  if (JSON.stringify(real) !== JSON.stringify(bulk)) {
    throw new Error(`bulk-written waiting user differs from a real join: ${JSON.stringify(bulk)} vs ${JSON.stringify(real)}`);
  }
}

async function usedMemory(raw: Redis): Promise<number> {
  return Number(/used_memory:(\d+)/.exec(await raw.info('memory'))?.[1] ?? 0);
}

