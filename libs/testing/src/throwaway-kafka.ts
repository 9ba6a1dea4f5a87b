import { execFile } from 'node:child_process';
import { cp, mkdtemp, rm, stat } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { promisify } from 'node:util';
import { repoRoot } from './spawn-ts-process';

const run = promisify(execFile);

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => (typeof address === 'object' && address ? resolve(address.port) : reject(new Error('no port'))));
    });
  });
}

export interface ThrowawayKafka {
  /** KAFKA_BROKERS value of this broker. */
  readonly brokers: string;
  start(): Promise<void>;
  stop(): Promise<void>;
  /** Stops the broker and deletes its state folder. */
  destroy(): Promise<void>;
}

/**
 * A Kafka broker of the test's own, on free ports in a temporary folder, driven by the same
 * `scripts/infra/kafka.sh` as the shared one — so a test can take Kafka away without disturbing
 * any other test. The jars already fetched for the shared broker are reused when present.
 */
export async function createThrowawayKafka(): Promise<ThrowawayKafka> {
  const [kafkaPort, controllerPort] = [await freePort(), await freePort()];
  const stateDir = await mkdtemp(path.join(tmpdir(), 'kafka-throwaway-'));
  const sharedLibs = path.join(repoRoot, '.infra', 'kafka', 'libs');
  if (await stat(sharedLibs).catch(() => undefined)) await cp(sharedLibs, path.join(stateDir, 'libs'), { recursive: true });
  const env = { ...process.env, KAFKA_PORT: String(kafkaPort), KAFKA_CONTROLLER_PORT: String(controllerPort), KAFKA_STATE_DIR: stateDir };
  const kafkaSh = async (command: 'start' | 'stop') => {
    await run('bash', [path.join(repoRoot, 'scripts/infra/kafka.sh'), command], { cwd: repoRoot, env, timeout: 120_000 });
  };
  return {
    brokers: `127.0.0.1:${kafkaPort}`,
    start: () => kafkaSh('start'),
    stop: () => kafkaSh('stop'),
    async destroy() {
      await kafkaSh('stop').catch(() => undefined);
      await rm(stateDir, { recursive: true, force: true });
    },
  };
}
