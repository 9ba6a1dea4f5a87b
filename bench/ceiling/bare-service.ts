/**
 * The bare ceiling's backend: a minimal Fastify service doing the same Redis work as a queue join
 * (INCR + ZADD), with nothing else — no framework, validation, signing or logging.
 */
import Fastify from 'fastify';
import Redis from 'ioredis';

const port = Number(process.env['PORT'] ?? 3901);
const prefix = process.env['REDIS_KEY_PREFIX'] ?? 'bench:ceiling:';
const redis = new Redis(process.env['REDIS_URL'] ?? 'redis://127.0.0.1:6379', { keyPrefix: prefix, enableAutoPipelining: true });
const app = Fastify({ logger: false });

app.post('/join', async (request) => {
  const { userId } = request.body as { userId: string };
  const seq = await redis.incr('seq');
  await redis.zadd('waiting', seq, userId);
  return { userId, position: seq };
});

app.get('/health', async () => ({ status: 'ok' }));

app.listen({ port, host: '127.0.0.1' }).then(
  () => process.stdout.write(`bare service on ${port}\n`),
  (error: unknown) => {
    process.stderr.write(`${String(error)}\n`);
    process.exit(1);
  },
);
