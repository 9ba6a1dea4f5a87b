import { randomBytes } from 'node:crypto';
import { createWriteStream, mkdirSync } from 'node:fs';
import path from 'node:path';
import { createServer } from 'node:net';
import { createTestDatabase, deleteRedisPrefix, type TestDatabase, testInfra, uniqueTopicPrefix } from '@concert/testing';
import { ROOT, type RunningSystem, type ServiceName, startSystem } from '../../../scripts/system/system';

export interface E2eSystem {
  system: RunningSystem;
  gatewayUrl: string;
  databaseUrl: string;
  redisKeyPrefix: string;
  kafkaTopicPrefix: string;
  kafkaBrokers: string[];
  logFile: string;
  stop(): Promise<void>;
}

export interface E2eOptions {
  name: string;
  replicas?: number;
  /** Worker processes per backend service (startSystem's default when absent). */
  workers?: number;
  env?: NodeJS.ProcessEnv;
  serviceEnv?: Partial<Record<ServiceName, NodeJS.ProcessEnv>>;
  /** Another broker than the shared one (a throwaway broker for fault tests). */
  kafkaBrokers?: string[];
  /** Start again a process that dies on its own, as npm start does. */
  restart?: boolean;
}

/**
 * The whole system, built from dist/ exactly as `npm start` runs it, isolated for one test file:
 * a fresh database, its own Redis key prefix, Kafka topic prefix and ports. Process output goes to
 * a log file under .infra/e2e-logs/ (printed in part when start-up fails).
 */
export async function startE2eSystem(options: E2eOptions): Promise<E2eSystem> {
  const database: TestDatabase = await createTestDatabase(`e2e_${options.name}`);
  const logDir = path.join(ROOT, '.infra', 'e2e-logs');
  mkdirSync(logDir, { recursive: true });
  const logFile = path.join(logDir, `${options.name}.log`);
  const log = createWriteStream(logFile, { flags: 'w' });
  const redisKeyPrefix = `e2e:${options.name}:${randomBytes(3).toString('hex')}:`;
  const gatewayPort = await freePortBlock();
  const kafkaTopicPrefix = uniqueTopicPrefix();
  const kafkaBrokers = options.kafkaBrokers ?? testInfra.kafkaBrokers;
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    NODE_ENV: 'test',
    LOG_LEVEL: 'warn',
    DATABASE_URL: database.url,
    REDIS_URL: testInfra.redisUrl,
    REDIS_KEY_PREFIX: redisKeyPrefix,
    KAFKA_BROKERS: kafkaBrokers.join(','),
    KAFKA_TOPIC_PREFIX: kafkaTopicPrefix,
    KAFKA_SESSION_TIMEOUT_MS: '6000',
    RATE_LIMIT_PER_CLIENT_PER_SECOND: '0',
    ...options.env,
  };
  let system: RunningSystem;
  try {
    system = await startSystem({
      gatewayPort,
      replicas: options.replicas ?? 2,
      workers: options.workers,
      env,
      runtime: 'dist',
      serviceEnv: options.serviceEnv,
      restart: options.restart,
      output: (name, line) => log.write(`${name.padEnd(26)}| ${line}\n`),
    });
  } catch (error) {
    log.end();
    await database.drop().catch(() => undefined);
    throw new Error(`${error instanceof Error ? error.message : String(error)} (logs: ${logFile})`);
  }
  return {
    system,
    gatewayUrl: system.gatewayUrl,
    databaseUrl: database.url,
    redisKeyPrefix,
    kafkaTopicPrefix,
    kafkaBrokers,
    logFile,
    async stop() {
      try {
        await system.stop();
        log.end();
        await database.drop();
      } finally {
        await deleteRedisPrefix(redisKeyPrefix);
      }
    },
  };
}

function portIsFree(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const server = createServer();
    server.once('error', () => resolve(false));
    server.listen(port, '127.0.0.1', () => server.close(() => resolve(true)));
  });
}

/**
 * A gateway port whose whole block (gateway, services +1..+5, replicas +101..+105) is free, below
 * the kernel's ephemeral range (32768+) so outgoing connections never take one of them meanwhile,
 * and away from npm start's 3000..3105.
 */
async function freePortBlock(): Promise<number> {
  for (let attempt = 0; attempt < 50; attempt++) {
    const base = 10_000 + 200 * Math.floor(Math.random() * 100);
    const ports = [0, 1, 2, 3, 4, 5, 101, 102, 103, 104, 105].map((offset) => base + offset);
    const free = await Promise.all(ports.map(portIsFree));
    if (free.every(Boolean)) return base;
  }
  throw new Error('no free block of ports for the end-to-end system');
}
