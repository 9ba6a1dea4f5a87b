/**
 * The bare ceiling's front: a minimal Fastify gateway forwarding to the bare service over an
 * undici keep-alive pool — the same shape as the real gateway, with none of its work.
 */
import Fastify from 'fastify';
import { Pool } from 'undici';

const port = Number(process.env['PORT'] ?? 3900);
const upstream = new Pool(process.env['UPSTREAM_URL'] ?? 'http://127.0.0.1:3901', { connections: 128 });
const app = Fastify({ logger: false });

app.all('/*', async (request, reply) => {
  const response = await upstream.request({
    method: request.method,
    path: request.url,
    headers: { 'content-type': 'application/json' },
    body: request.body === undefined ? undefined : JSON.stringify(request.body),
  });
  const text = await response.body.text();
  return reply.status(response.statusCode).header('content-type', 'application/json').send(text);
});

app.listen({ port, host: '127.0.0.1' }).then(
  () => process.stdout.write(`bare gateway on ${port}\n`),
  (error: unknown) => {
    process.stderr.write(`${String(error)}\n`);
    process.exit(1);
  },
);
