import type { AddressInfo } from 'node:net';
import { createHttpApp, loadConfig } from '@concert/platform';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { Agent, request } from 'undici';
import { type AppModuleOptions, AppModule } from '../src/app.module';
import { type QueueServiceConfig, queueServiceConfigSchema } from '../src/queue-service.config';

export interface RunningQueueApp {
  app: NestFastifyApplication;
  url: string;
  config: QueueServiceConfig;
  close(): Promise<void>;
}

/** queue-service in this process on a random port, with the given environment over the test defaults. */
export async function startQueueApp(env: Record<string, string>, options: AppModuleOptions = { messaging: false }): Promise<RunningQueueApp> {
  const config = loadConfig(queueServiceConfigSchema, { ...process.env, NODE_ENV: 'test', LOG_LEVEL: 'warn', HOST: '127.0.0.1', PORT: '0', ...env });
  const app = await createHttpApp(AppModule.forRoot(config, options), { service: 'queue-service', port: 0, host: '127.0.0.1' });
  await app.listen(0, '127.0.0.1');
  const { port } = app.getHttpServer().address() as AddressInfo;
  return { app, url: `http://127.0.0.1:${port}`, config, close: () => app.close() };
}

/** The keep-alive pool of the test's HTTP calls (many connections: requests really run in parallel). */
let agent = new Agent({ connections: 256, pipelining: 1, keepAliveTimeout: 10_000 });

export function httpAgent(): Agent {
  return agent;
}

/**
 * Destroys the pool's sockets (call BEFORE closing the apps: a server waits for a keep-alive
 * socket the client opened but never used until the client's keep-alive timeout) and starts a new one.
 */
export async function resetHttpAgent(): Promise<void> {
  const old = agent;
  agent = new Agent({ connections: 256, pipelining: 1, keepAliveTimeout: 10_000 });
  await old.destroy();
}

export interface JsonResponse<T = Record<string, unknown>> {
  status: number;
  body: T;
  headers: Record<string, string | string[] | undefined>;
}

export async function http<T = Record<string, unknown>>(
  url: string,
  options: { method?: 'GET' | 'POST'; body?: unknown; headers?: Record<string, string> } = {},
): Promise<JsonResponse<T>> {
  const response = await request(url, {
    method: options.method ?? 'GET',
    dispatcher: agent,
    headers: { ...(options.body === undefined ? {} : { 'content-type': 'application/json' }), ...options.headers },
    body: options.body === undefined ? undefined : JSON.stringify(options.body),
  });
  return { status: response.statusCode, body: (await response.body.json()) as T, headers: response.headers };
}

export interface QueueTokenBody {
  token: string;
  userId: string;
  status: 'WAITING' | 'ACTIVE' | 'EXPIRED';
  position: number | null;
  estimatedWaitSeconds: number;
  expiresAt: string | null;
}

export const joinQueue = (url: string, userId: string) => http<QueueTokenBody>(`${url}/api/v1/queue/tokens`, { method: 'POST', body: { userId } });

export const myPlace = (url: string, token?: string) =>
  http<QueueTokenBody & { code?: string }>(`${url}/api/v1/queue/tokens/me`, { headers: token === undefined ? {} : { 'x-queue-token': token } });
