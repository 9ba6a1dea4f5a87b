/**
 * A system for benchmarks: the same processes `npm start` runs (compiled dist/), on its own
 * database, Redis prefix, Kafka topic prefix and ports, with the rate limit off and the cap on
 * event streams per client at its maximum (all load comes from one address), and dev sign-in on:
 * the benchmark's buyers sign in through it. Dev sign-in is refused with NODE_ENV=production, so the processes
 * run with NODE_ENV=test, which changes nothing on the request path (pretty logs are for
 * `development` only; no dependency reads NODE_ENV there).
 */
import { randomBytes } from 'node:crypto';
import { createWriteStream, mkdirSync } from 'node:fs';
import path from 'node:path';
import { createTestDatabase, createTestKafka, deleteRedisPrefix, testInfra, uniqueTopicPrefix } from '@concert/testing';
import { ROOT, type RunningSystem, type ServiceName, startSystem } from '../../scripts/system/system';

export interface BenchSystem {
  system: RunningSystem;
  gatewayUrl: string;
  databaseUrl: string;
  /** REDIS_KEY_PREFIX of every process of this system (the growth runs write queue state under it). */
  redisKeyPrefix: string;
  /** KAFKA_TOPIC_PREFIX of every process of this system. */
  kafkaTopicPrefix: string;
  /** Stops the processes, then drops the database and deletes the Kafka topics and every Redis key of the system. */
  stop(): Promise<{ redisKeysDeleted: number }>;
}

export async function startBenchSystem(options: {
  name: string;
  gatewayPort: number;
  replicas: number;
  /** Worker processes per backend service (startSystem's default when absent). */
  workers?: number;
  env?: NodeJS.ProcessEnv;
  serviceEnv?: Partial<Record<ServiceName, NodeJS.ProcessEnv>>;
  nodeArgs?: Partial<Record<ServiceName | 'gateway', string[]>>;
}): Promise<BenchSystem> {
  const database = await createTestDatabase(`bench_${options.name}`);
  const logDir = path.join(ROOT, '.infra', 'bench-logs');
  mkdirSync(logDir, { recursive: true });
  const log = createWriteStream(path.join(logDir, `${options.name}.log`), { flags: 'w' });
  const redisKeyPrefix = options.env?.['REDIS_KEY_PREFIX'] ?? `bench:${options.name}:${randomBytes(3).toString('hex')}:`;
  const kafkaTopicPrefix = options.env?.['KAFKA_TOPIC_PREFIX'] ?? uniqueTopicPrefix();
  const system = await startSystem({
    gatewayPort: options.gatewayPort,
    replicas: options.replicas,
    workers: options.workers,
    runtime: 'dist',
    env: {
      ...process.env,
      NODE_ENV: 'test',
      AUTH_DEV_LOGIN: 'true',
      QUEUE_TOKEN_SECRET: `bench-${randomBytes(8).toString('hex')}`,
      LOG_LEVEL: 'warn',
      DATABASE_URL: database.url,
      REDIS_URL: testInfra.redisUrl,
      REDIS_KEY_PREFIX: redisKeyPrefix,
      KAFKA_BROKERS: testInfra.kafkaBrokers.join(','),
      KAFKA_TOPIC_PREFIX: kafkaTopicPrefix,
      RATE_LIMIT_PER_CLIENT_PER_SECOND: '0',
      // A crowd's waiting buyers each hold a stream open, all from this one address.
      GATEWAY_MAX_EVENT_STREAMS_PER_CLIENT: '10000',
      ...options.env,
    },
    serviceEnv: options.serviceEnv,
    nodeArgs: options.nodeArgs,
    output: (name, line) => log.write(`${name.padEnd(26)}| ${line}\n`),
  });
  return {
    system,
    gatewayUrl: system.gatewayUrl,
    databaseUrl: database.url,
    redisKeyPrefix,
    kafkaTopicPrefix,
    async stop() {
      let redisKeysDeleted = 0;
      try {
        await system.stop();
        log.end();
        await database.drop();
        // Left behind, every run's topics (6 partitions each) would slow the shared broker down.
        await createTestKafka(kafkaTopicPrefix).cleanup().catch(() => undefined);
      } finally {
        // Tens of thousands of queue keys per run (a million in the queue growth run) would pile up.
        redisKeysDeleted = await deleteRedisPrefix(redisKeyPrefix);
      }
      return { redisKeysDeleted };
    },
  };
}
