/**
 * One protected-route check of the gateway, two ways (MODE), against a real Redis:
 * - `plugin`: @fastify/rate-limit with its Redis store in onRequest, then the token state read
 *   (what the gateway does: apps/gateway/src/access/rate-limits.ts);
 * - `none`: the token state read alone (the floor: what a request costs with no limiter).
 * The limit is far above the load: nothing is refused, only the cost of counting is measured.
 * (The hand-written GCRA limiter this replaced was measured beside it in commit 0fbcce3; ADR 0017.)
 */
import fastifyRateLimit from '@fastify/rate-limit';
import { createRedis, QueueTokenKeys } from '@concert/platform';
import Fastify from 'fastify';
import { RedisQueueTokenStateReader } from '../../apps/gateway/src/access/queue-token-state.reader';
import { systemClock } from '../../apps/gateway/src/clock';

const mode = process.env['MODE'] ?? 'plugin';
const port = Number(process.env['PORT'] ?? 3950);
const prefix = process.env['REDIS_KEY_PREFIX'] ?? 'bench:rate-limit:';
const redis = createRedis({ REDIS_URL: process.env['REDIS_URL'] ?? 'redis://127.0.0.1:6379', REDIS_KEY_PREFIX: prefix }, `bench-rate-limit-${mode}`);
const TOKEN_ID = 'c1d7d6a4-9a0e-4f7c-9a53-0f3f2d8e1b11';
const USER_ID = '5f0c9a36-2b1e-4a55-8f6e-1f1e9d2c3b4a';
/** The concert whose room the token is a place in. */
const CONCERT_ID = '8e2b4f61-3c7a-4d19-b5e0-6a9d1f2c7e34';
/** Far above the load, and within RATE_LIMIT_PER_CLIENT_PER_SECOND's range (a 1 µs emission interval). */
const PER_SECOND = 1_000_000;

async function main(): Promise<void> {
  await redis.hset(QueueTokenKeys.token(CONCERT_ID, TOKEN_ID), { userId: USER_ID, concertId: CONCERT_ID, status: 'ACTIVE' });
  await redis.zadd(QueueTokenKeys.active(CONCERT_ID), Date.now() + 3_600_000, TOKEN_ID);
  const states = new RedisQueueTokenStateReader(redis, systemClock);
  const app = Fastify({ logger: false });
  if (mode === 'plugin') {
    await app.register(fastifyRateLimit, { global: true, max: PER_SECOND, timeWindow: 1_000, redis, nameSpace: 'plugin-rate:', skipOnError: true });
  }
  app.get('/health', async () => ({ status: 'ok' }));
  app.get('/protected', { config: { rateLimit: mode === 'plugin' ? undefined : false } }, async (_request, reply) => {
    const state = await states.stateOf({ tokenId: TOKEN_ID, userId: USER_ID, concertId: CONCERT_ID });
    if (state !== 'ACTIVE') return reply.status(500).send({ state });
    return { ok: true };
  });
  await app.listen({ port, host: '127.0.0.1' });
}

main().catch((error: unknown) => {
  process.stderr.write(`${String(error)}\n`);
  process.exit(1);
});
