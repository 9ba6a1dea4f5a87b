import { spawnSync } from 'node:child_process';
import * as net from 'node:net';
import * as path from 'node:path';
import { LOCAL_TEST_INFRA } from '../infra';
import type { StartedTestInfra } from './started-test-infra';

function reachable(host: string, port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = net.connect({ host, port, timeout: 2_000 });
    socket.once('connect', () => {
      socket.destroy();
      resolve(true);
    });
    socket.once('error', () => resolve(false));
    socket.once('timeout', () => {
      socket.destroy();
      resolve(false);
    });
  });
}

function hostPort(url: string, fallbackPort: number): [string, number] {
  const parsed = new URL(url);
  return [parsed.hostname, Number(parsed.port || fallbackPort)];
}

/** The services that do not answer at the given variables, as "Redis at 127.0.0.1:6379". */
export async function unreachable(env: StartedTestInfra['env']): Promise<string[]> {
  const checks: Array<[string, string, number]> = [
    ['Postgres', ...hostPort(env.DATABASE_URL, 5432)],
    ['Redis', ...hostPort(env.REDIS_URL, 6379)],
    ['Kafka', ...hostPort(`kafka://${env.KAFKA_BROKERS.split(',')[0]?.trim() ?? ''}`, 9092)],
  ];
  const down: string[] = [];
  for (const [name, host, port] of checks) if (!(await reachable(host, port))) down.push(`${name} at ${host}:${port}`);
  return down;
}

/**
 * The local processes (the machine's Postgres and Redis, Kafka from the official jars): what does
 * not answer is started by scripts/infra/up.sh, as `npm run infra:up` does (`always`: run it even
 * when everything answers, as npm test's infrastructure stage does to create the topics). Stopping
 * is left to `npm run infra:down`, so one start serves every Jest run.
 */
export async function useLocalInfra(repoRoot: string, options: { always?: boolean; environment?: NodeJS.ProcessEnv } = {}): Promise<StartedTestInfra> {
  const environment = options.environment ?? process.env;
  const env = {
    DATABASE_URL: environment['DATABASE_URL'] ?? LOCAL_TEST_INFRA.DATABASE_URL,
    REDIS_URL: environment['REDIS_URL'] ?? LOCAL_TEST_INFRA.REDIS_URL,
    KAFKA_BROKERS: environment['KAFKA_BROKERS'] ?? LOCAL_TEST_INFRA.KAFKA_BROKERS,
  };
  if (options.always || (await unreachable(env)).length > 0) {
    const up = spawnSync('bash', [path.join(repoRoot, 'scripts', 'infra', 'up.sh')], { cwd: repoRoot, env: { ...environment, ...env }, stdio: 'inherit' });
    const down = await unreachable(env);
    if (up.status !== 0 || down.length > 0) {
      throw new Error(`Test infrastructure is not reachable: ${down.join(', ') || `scripts/infra/up.sh exited with ${up.status}`}. See the output above, or run "npm run infra:up".`);
    }
  }
  return { provider: 'local', env, stop: async () => undefined };
}
