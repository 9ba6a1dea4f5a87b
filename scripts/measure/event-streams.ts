/**
 * Holds many Server-Sent Event streams open through the gateway, then times a join
 * (docs/waiting-queue.md, "Capacity math"):
 *
 *   npm run build && node -r @swc-node/register scripts/measure/event-streams.ts [--streams 1000]
 *
 * Starts the compiled system (one instance of each service) on its own database, Redis prefix,
 * Kafka topic prefix and port 3700, the way `npm run bench` does; --streams users (at most 9,990:
 * they all stream from this one address) sign in, join one concert's waiting room and keep one
 * event stream open each; then one more user, signed in beforehand, joins, and must be answered
 * within 5 s. Prints how long it took and how many streams queue-service reports open
 * (`queue_event_streams_open`).
 */
import { request } from 'undici';
import { type Buyer, createConcert, signIn } from '../../bench/lib/buyers';
import { startBenchSystem } from '../../bench/lib/bench-system';
import { BenchHttp } from '../../bench/lib/http';

const streamsIndex = process.argv.indexOf('--streams');
const STREAMS = streamsIndex > 0 ? Number(process.argv[streamsIndex + 1]) : 1_000;

async function join(url: string, concertId: string, buyer: Buyer): Promise<{ status: number; token: string }> {
  const response = await request(`${url}/queue/tokens`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...buyer.auth },
    body: JSON.stringify({ concertId }),
    signal: AbortSignal.timeout(5_000),
  });
  const body = (await response.body.json()) as { token: string };
  return { status: response.statusCode, token: body.token };
}

async function main(): Promise<void> {
  const bench = await startBenchSystem({ name: 'event-streams', gatewayPort: 3_700, replicas: 1, env: { GATEWAY_MAX_EVENT_STREAMS: String(STREAMS + 10) } });
  const http = new BenchHttp(bench.gatewayUrl);
  const url = `${bench.gatewayUrl}/api/v1`;
  const listeners: AbortController[] = [];
  try {
    const { concertId } = await createConcert(http, 1, 'Event streams');
    for (let opened = 0; opened < STREAMS; opened++) {
      const buyer = await signIn(http);
      const { token } = await join(url, concertId, buyer);
      const listener = new AbortController();
      listeners.push(listener);
      const stream = await request(`${url}/queue/tokens/me/events`, { headers: { ...buyer.auth, 'x-queue-token': token }, signal: listener.signal });
      if (stream.statusCode !== 200) throw new Error(`stream ${opened + 1} answered ${stream.statusCode}`);
      stream.body.on('error', () => undefined).resume();
    }
    const last = await signIn(http);
    const started = performance.now();
    const { status } = await join(url, concertId, last);
    const ms = Math.round(performance.now() - started);
    const metrics = await Promise.all(bench.system.serviceUrls['queue-service'].map(async (serviceUrl) => (await request(`${serviceUrl}/metrics`)).body.text()));
    const open = metrics.reduce((sum, text) => sum + Number(/^queue_event_streams_open\S* (\d+)/m.exec(text)?.[1] ?? 0), 0);
    process.stdout.write(`${STREAMS} event streams open (queue-service reports ${open}): one more join answered ${status} in ${ms} ms\n`);
  } finally {
    for (const listener of listeners) listener.abort();
    await http.close();
    await bench.stop();
  }
}

main().catch((error: unknown) => {
  process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});
