/**
 * `npm start`: migrations, demo seed, every service (× SERVICE_REPLICAS, plus SERVICE_WORKERS worker
 * processes each) and the gateway, with
 * prefixed logs. Ctrl-C (or SIGTERM) stops every process it started; the infrastructure stays up.
 */
import { env, loadConfig } from '@concert/platform';
import { watchLauncher } from './launcher-watch';
import { z } from 'zod';
import { type RunningSystem, startSystem } from './system';

const startConfigSchema = z.object({
  GATEWAY_PORT: env.port(3000),
  SERVICE_REPLICAS: env.int(1, { min: 1, max: 8 }),
  SERVICE_WORKERS: env.int(1, { min: 0, max: 8 }),
  KAFKA_BROKERS: env.list('127.0.0.1:9092'),
  START_RUNTIME: z.enum(['dist', 'ts']).default('dist'),
});

async function main(): Promise<void> {
  const config = loadConfig(startConfigSchema);
  const startedAt = Date.now();
  // Filled once the system is up; a signal during start-up stops whatever has started by then.
  const started: { system?: RunningSystem } = {};
  let stopping = false;

  const shutdown = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    process.stdout.write(`\n${signal} received: stopping every process started by npm start…\n`);
    await started.system?.stop();
    process.stdout.write('All processes stopped. The infrastructure is still up (npm run infra:down stops it).\n');
    process.exit(0);
  };
  process.on('SIGINT', () => void shutdown('SIGINT'));
  process.on('SIGTERM', () => void shutdown('SIGTERM'));
  watchLauncher(() => void shutdown('the npm process that ran npm start is gone'));

  const system = await startSystem({
    gatewayPort: config.GATEWAY_PORT,
    replicas: config.SERVICE_REPLICAS,
    workers: config.SERVICE_WORKERS,
    env: { NODE_ENV: 'development', ...process.env },
    runtime: config.START_RUNTIME,
    seed: true,
    // A process that dies is reported and started again, as a container's restart policy would.
    restart: true,
  });
  started.system = system;
  if (stopping) {
    await system.stop();
    return;
  }

  const seconds = ((Date.now() - startedAt) / 1000).toFixed(1);
  const lines = [
    '',
    `  concert-reservation is up in ${seconds}s (${config.SERVICE_REPLICAS} replica(s) and ${config.SERVICE_WORKERS} worker(s) of each service)`,
    `  Buy:      ${system.gatewayUrl}/`,
    `  Organize: ${system.gatewayUrl}/organizer`,
    `  Gateway:  ${system.gatewayUrl}/api/v1`,
    `  Swagger:  ${system.gatewayUrl}/docs`,
    `  Health:   ${system.gatewayUrl}/health`,
    `  Metrics:  ${system.gatewayUrl}/metrics`,
    '  Ctrl-C stops it.',
    '',
  ];
  process.stdout.write(`${lines.join('\n')}\n`);
}

main().catch((error: unknown) => {
  process.stderr.write(`npm start failed: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});
