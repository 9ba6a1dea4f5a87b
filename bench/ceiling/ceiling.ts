/**
 * The machine's bare ceiling for the system's shape: client → minimal gateway → minimal service →
 * Redis. Every scenario is reported as a ratio to this, measured in the same run; token issue, the
 * one with a ratio target, in rounds alternating with the ceiling (bench/run.ts).
 */
import { randomUUID } from 'node:crypto';
import path from 'node:path';
import type { Request } from 'autocannon';
import { deleteRedisPrefix } from '@concert/testing';
import { type LoadResult, runLoad } from '../lib/load';
import { startNodeProcess, type StartedProcess } from '../lib/processes';

export interface Ceiling {
  join: LoadResult;
  poll: LoadResult;
}

/** The bare gateway and service, running; stop() ends them and deletes their Redis keys. */
export interface RunningCeiling {
  /** One join-shaped load (POST with a fresh user id per request). */
  join(duration: number, warmupSeconds?: number): Promise<LoadResult>;
  poll(duration: number): Promise<LoadResult>;
  /** The bare processes, for CPU accounting. */
  pids: { gateway: number; service: number };
  stop(): Promise<void>;
}

/**
 * The bare join: a POST naming a new user per request in its body (the bare shape has no
 * identity; the system's join names its user in the bearer, its room in the body).
 */
export function bareJoins(): Request[] {
  return [{ method: 'POST', setupRequest: (request) => ({ ...request, body: JSON.stringify({ userId: randomUUID() }) }) }];
}

export async function startCeiling(options: { connections: number; basePort: number }): Promise<RunningCeiling> {
  const servicePort = options.basePort + 1;
  const started: StartedProcess[] = [];
  const redisKeyPrefix = `bench:ceiling:${randomUUID()}:`;
  const stop = async (): Promise<void> => {
    await Promise.all(started.map((process) => process.stop()));
    await deleteRedisPrefix(redisKeyPrefix);
  };
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
  } catch (error) {
    await stop();
    throw error;
  }
  const url = `http://127.0.0.1:${options.basePort}`;
  return {
    join: (duration, warmupSeconds) =>
      runLoad({
        url: `${url}/join`,
        connections: options.connections,
        duration,
        warmupSeconds,
        method: 'POST',
        requests: bareJoins(),
      }),
    poll: (duration) => runLoad({ url: `${url}/health`, connections: options.connections, duration }),
    pids: { service: started[0]?.child.pid ?? 0, gateway: started[1]?.child.pid ?? 0 },
    stop,
  };
}
