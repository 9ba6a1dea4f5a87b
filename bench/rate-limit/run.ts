/**
 * `npm run bench:rate-limit`: what counting a request with @fastify/rate-limit (a Redis round
 * trip of its own before the token check) costs a protected route, beside the floor without a
 * limiter. Modes alternate (A B A B …) so the VM's drift falls on both alike; only ratios within
 * the run count.
 */
import os from 'node:os';
import path from 'node:path';
import { randomBytes } from 'node:crypto';
import { runLoad, type LoadResult } from '../lib/load';
import { startNodeProcess } from '../lib/processes';

const MODES = ['none', 'plugin'] as const;
const ROUNDS = Number(process.env['ROUNDS'] ?? 3);
const SECONDS = Number(process.env['SECONDS_PER_RUN'] ?? 8);
const CONNECTIONS = Number(process.env['CONNECTIONS'] ?? 64);

async function main(): Promise<void> {
  const results: Record<(typeof MODES)[number], LoadResult[]> = { none: [], plugin: [] };
  const prefix = `bench:rate-limit:${randomBytes(3).toString('hex')}:`;
  for (let round = 0; round < ROUNDS; round++) {
    for (const [index, mode] of MODES.entries()) {
      const port = 3950 + index;
      const server = await startNodeProcess(path.join(__dirname, 'server.ts'), { MODE: mode, PORT: String(port), REDIS_KEY_PREFIX: prefix }, `http://127.0.0.1:${port}/health`);
      try {
        const result = await runLoad({ url: `http://127.0.0.1:${port}/protected`, connections: CONNECTIONS, duration: SECONDS });
        if (result.errors > 0) throw new Error(`${mode}: ${result.errors} errors (${JSON.stringify(result.statusCounts)})`);
        results[mode].push(result);
        process.stdout.write(`round ${round + 1} ${mode.padEnd(6)} ${result.rps} req/s  p50 ${result.p50} ms  p99 ${result.p99} ms  cpu ${result.cpuUsPerRequest ?? '?'} µs/req\n`);
      } finally {
        await server.stop();
      }
    }
  }
  const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)] ?? 0;
  const summary = Object.fromEntries(
    MODES.map((mode) => [mode, { rps: median(results[mode].map((r) => r.rps)), p50: median(results[mode].map((r) => r.p50)), p99: median(results[mode].map((r) => r.p99)), cpuUs: median(results[mode].map((r) => r.cpuUsPerRequest ?? 0)) }]),
  ) as Record<(typeof MODES)[number], { rps: number; p50: number; p99: number; cpuUs: number }>;
  process.stdout.write(`\nmachine: ${os.cpus().length} × ${os.cpus()[0]?.model ?? 'cpu'}, ${new Date().toISOString()}; ${ROUNDS} rounds × ${SECONDS} s, ${CONNECTIONS} connections (medians)\n`);
  for (const mode of MODES) process.stdout.write(`${mode.padEnd(6)} ${JSON.stringify(summary[mode])}\n`);
  const ratio = (a: number, b: number) => (b === 0 ? 'n/a' : (a / b).toFixed(2));
  process.stdout.write(
    `compare: req/s with the limiter ×${ratio(summary.plugin.rps, summary.none.rps)} of the floor; CPU µs/req ×${ratio(summary.plugin.cpuUs, summary.none.cpuUs)}\n`,
  );
}

main().catch((error: unknown) => {
  process.stderr.write(`${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  process.exit(1);
});
