/**
 * Holds many Server-Sent Event streams open through the gateway, then times a join
 * (docs/waiting-queue.md, "Capacity math"):
 *
 *   npm run build && node -r @swc-node/register scripts/measure/event-streams.ts [--streams 1000]
 *
 * Starts the compiled system (one instance of each service) on its own database, Redis prefix,
 * Kafka topic prefix and port 3700, the way `npm run bench` does; joins --streams users and keeps
 * one event stream open for each; then one more join must answer within 5 s. Prints how long it
 * took and how many streams queue-service reports open (`queue_event_streams_open`).
 */
import { randomUUID } from 'node:crypto';
import { request } from 'undici';
import { startBenchSystem } from '../../bench/lib/bench-system';

const streamsIndex = process.argv.indexOf('--streams');
const STREAMS = streamsIndex > 0 ? Number(process.argv[streamsIndex + 1]) : 1_000;

async function join(url: string): Promise<{ status: number; token: string }> {
  const response = await request(`${url}/queue/tokens`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ userId: randomUUID() }),
    signal: AbortSignal.timeout(5_000),
  });
  const body = (await response.body.json()) as { token: string };
  return { status: response.statusCode, token: body.token };
}

async function main(): Promise<void> {
  const bench = await startBenchSystem({ name: 'event-streams', gatewayPort: 3_700, replicas: 1, env: { GATEWAY_MAX_EVENT_STREAMS: String(STREAMS + 10) } });
  const url = `${bench.gatewayUrl}/api/v1`;
  const listeners: AbortController[] = [];
  try {
    for (let opened = 0; opened < STREAMS; opened++) {
      const { token } = await join(url);
      const listener = new AbortController();
      listeners.push(listener);
      const stream = await request(`${url}/queue/tokens/me/events`, { headers: { 'x-queue-token': token }, signal: listener.signal });
      if (stream.statusCode !== 200) throw new Error(`stream ${opened + 1} answered ${stream.statusCode}`);
      stream.body.on('error', () => undefined).resume();
    }
    const started = performance.now();
    const { status } = await join(url);
    const ms = Math.round(performance.now() - started);
    const metrics = await Promise.all(bench.system.serviceUrls['queue-service'].map(async (serviceUrl) => (await request(`${serviceUrl}/metrics`)).body.text()));
    const open = metrics.reduce((sum, text) => sum + Number(/^queue_event_streams_open\S* (\d+)/m.exec(text)?.[1] ?? 0), 0);
    process.stdout.write(`${STREAMS} event streams open (queue-service reports ${open}): one more join answered ${status} in ${ms} ms\n`);
  } finally {
    for (const listener of listeners) listener.abort();
    await bench.stop();
  }
}

main().catch((error: unknown) => {
  process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});
