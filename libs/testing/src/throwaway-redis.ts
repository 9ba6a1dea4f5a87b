import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import Redis from 'ioredis';
import { repoRoot } from './spawn-ts-process';
import { freePort } from './throwaway-kafka';

export interface ThrowawayRedis {
  /** REDIS_URL of this server. */
  readonly url: string;
  readonly dataDir: string;
  /** Starts it (again, on the same port and data folder: an append-only file is replayed). */
  start(): Promise<void>;
  /** Kills it without a chance to save anything, as a crash or the OOM killer would. */
  kill(): Promise<void>;
  /** Kills it and deletes its data folder. */
  destroy(): Promise<void>;
}

/**
 * A redis-server of the test's own, with the project's configuration (config/redis/redis.conf
 * unless told otherwise, `args` after it) on a free port, its data in a temporary folder — so a
 * test can crash Redis without touching anyone else's.
 */
export async function createThrowawayRedis(options: { config?: string; args?: string[] } = {}): Promise<ThrowawayRedis> {
  const port = await freePort();
  const dataDir = await mkdtemp(path.join(tmpdir(), 'redis-throwaway-'));
  const config = options.config ?? path.join(repoRoot, 'config', 'redis', 'redis.conf');
  const url = `redis://127.0.0.1:${port}`;
  let child: ChildProcess | undefined;

  const answers = async (): Promise<boolean> => {
    const client = new Redis(url, { lazyConnect: true, maxRetriesPerRequest: 0, retryStrategy: () => null, connectTimeout: 500 });
    client.on('error', () => undefined); // refused while it starts: answered by the catch below
    try {
      await client.connect();
      return (await client.ping()) === 'PONG';
    } catch {
      return false;
    } finally {
      client.disconnect();
    }
  };

  const kill = async (): Promise<void> => {
    const running = child;
    if (!running || running.exitCode !== null || running.signalCode !== null) return;
    const exited = new Promise((resolve) => running.once('exit', resolve));
    running.kill('SIGKILL');
    await exited;
  };

  return {
    url,
    dataDir,
    async start() {
      const args = [config, '--port', String(port), '--bind', '127.0.0.1', '--dir', dataDir, '--daemonize', 'no', '--logfile', '', ...(options.args ?? [])];
      child = spawn('redis-server', args, { stdio: 'ignore' });
      const deadline = Date.now() + 10_000;
      while (!(await answers())) {
        if (child.exitCode !== null) throw new Error(`redis-server exited with ${child.exitCode}`);
        if (Date.now() > deadline) throw new Error(`redis-server did not answer on ${url}`);
        await new Promise((resolve) => setTimeout(resolve, 50));
      }
    },
    kill,
    async destroy() {
      await kill();
      await rm(dataDir, { recursive: true, force: true });
    },
  };
}
