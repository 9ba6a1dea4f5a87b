/**
 * A system for benchmarks: the same processes `npm start` runs (compiled dist/), on its own
 * database, Redis prefix, Kafka topic prefix and ports, with the rate limit off (all load comes
 * from one address).
 */
import { randomBytes } from 'node:crypto';
import { createWriteStream, mkdirSync } from 'node:fs';
import path from 'node:path';
import { createTestDatabase, testInfra, uniqueTopicPrefix } from '@concert/testing';
import { ROOT, type RunningSystem, type ServiceName, startSystem } from '../../scripts/system/system';

export interface BenchSystem {
  system: RunningSystem;
  gatewayUrl: string;
  databaseUrl: string;
  stop(): Promise<void>;
}

export async function startBenchSystem(options: {
  name: string;
  gatewayPort: number;
  replicas: number;
  env?: NodeJS.ProcessEnv;
  serviceEnv?: Partial<Record<ServiceName, NodeJS.ProcessEnv>>;
  nodeArgs?: Partial<Record<ServiceName | 'gateway', string[]>>;
}): Promise<BenchSystem> {
  const database = await createTestDatabase(`bench_${options.name}`);
  const logDir = path.join(ROOT, '.infra', 'bench-logs');
  mkdirSync(logDir, { recursive: true });
  const log = createWriteStream(path.join(logDir, `${options.name}.log`), { flags: 'w' });
  const system = await startSystem({
    gatewayPort: options.gatewayPort,
    replicas: options.replicas,
    runtime: 'dist',
    env: {
      ...process.env,
      NODE_ENV: 'production',
      QUEUE_TOKEN_SECRET: `bench-${randomBytes(8).toString('hex')}`,
      LOG_LEVEL: 'warn',
      DATABASE_URL: database.url,
      REDIS_URL: testInfra.redisUrl,
      REDIS_KEY_PREFIX: `bench:${options.name}:${randomBytes(3).toString('hex')}:`,
      KAFKA_BROKERS: testInfra.kafkaBrokers.join(','),
      KAFKA_TOPIC_PREFIX: uniqueTopicPrefix(),
      RATE_LIMIT_PER_CLIENT_PER_SECOND: '0',
      ...options.env,
    },
    serviceEnv: options.serviceEnv,
    nodeArgs: options.nodeArgs,
    output: (name, line) => log.write(`${name.padEnd(22)}| ${line}\n`),
  });
  return {
    system,
    gatewayUrl: system.gatewayUrl,
    databaseUrl: database.url,
    async stop() {
      await system.stop();
      log.end();
      await database.drop();
    },
  };
}
