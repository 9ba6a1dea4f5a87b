/**
 * The machine's bare ceiling for the system's shape: client → minimal gateway → minimal service →
 * Redis. Every scenario is reported as a ratio to this, measured in the same run.
 */
import { randomUUID } from 'node:crypto';
import path from 'node:path';
import { deleteRedisPrefix } from '@concert/testing';
import { type LoadResult, runLoad } from '../lib/load';
import { startNodeProcess, type StartedProcess } from '../lib/processes';

export interface Ceiling {
  join: LoadResult;
  poll: LoadResult;
}

export async function measureCeiling(options: { duration: number; connections: number; basePort: number }): Promise<Ceiling> {
  const servicePort = options.basePort + 1;
  const started: StartedProcess[] = [];
  const redisKeyPrefix = `bench:ceiling:${randomUUID()}:`;
  try {
    started.push(
      await startNodeProcess(path.join(__dirname, 'bare-service.ts'), {
        PORT: String(servicePort),
        REDIS_KEY_PREFIX: redisKeyPrefix,
      }, `http://127.0.0.1:${servicePort}/health`),
    );
    started.push(
      await startNodeProcess(path.join(__dirname, 'bare-gateway.ts'), {
        PORT: String(options.basePort),
        UPSTREAM_URL: `http://127.0.0.1:${servicePort}`,
      }, `http://127.0.0.1:${options.basePort}/health`),
    );
    const url = `http://127.0.0.1:${options.basePort}`;
    const join = await runLoad({
      url: `${url}/join`,
      connections: options.connections,
      duration: options.duration,
      method: 'POST',
      requests: [{ method: 'POST', setupRequest: (request) => ({ ...request, body: JSON.stringify({ userId: randomUUID() }) }) }],
    });
    const poll = await runLoad({ url: `${url}/health`, connections: options.connections, duration: options.duration });
    return { join, poll };
  } finally {
    await Promise.all(started.map((process) => process.stop()));
    await deleteRedisPrefix(redisKeyPrefix);
  }
}
