import { randomUUID } from 'node:crypto';
import type { AddressInfo } from 'node:net';
import { createHttpApp, loadConfig, startSagaConsumers } from '@concert/platform';
import { assertionHeaders } from '@concert/testing';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { Agent, request } from 'undici';
import { type AppModuleOptions, AppModule } from '../src/app.module';
import { type QueueServiceConfig, queueServiceConfigSchema } from '../src/queue-service.config';
import { FakeConcertDirectory } from './fakes';

/** The concert the tests join unless they name another (the default fake directory knows every concert). */
export const TEST_CONCERT_ID = '7d3c1f0e-5b2a-4c8d-9e6f-0a1b2c3d4e5f';

export interface RunningQueueApp {
  app: NestFastifyApplication;
  url: string;
  config: QueueServiceConfig;
  close(): Promise<void>;
}

/**
 * queue-service in this process on a random port, with the given environment over the test
 * defaults; without Kafka unless `messaging` is set, and with a concert directory that knows
 * every concert unless one is given (queue-service alone: no concert-service to ask).
 */
export async function startQueueApp(env: Record<string, string>, options: AppModuleOptions = {}): Promise<RunningQueueApp> {
  const config = loadConfig(queueServiceConfigSchema, { ...process.env, NODE_ENV: 'test', LOG_LEVEL: 'warn', HOST: '127.0.0.1', PORT: '0', ...env });
  const moduleOptions: AppModuleOptions = { ...options, messaging: options.messaging ?? false, concertDirectory: options.concertDirectory ?? new FakeConcertDirectory() };
  const app = await createHttpApp(AppModule.forRoot(config, moduleOptions), { service: 'queue-service', port: 0, host: '127.0.0.1' });
  await app.listen(0, '127.0.0.1');
  if (moduleOptions.messaging !== false) await startSagaConsumers(app);
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

export interface HttpOptions {
  method?: 'GET' | 'POST' | 'PATCH';
  body?: unknown;
  headers?: Record<string, string>;
  /**
   * Sends the gateway's caller assertion for this method and path acting for this user (null: for
   * nobody); omitted, the request carries no assertion (as /health and /metrics need none).
   */
  caller?: string | null;
}

export async function http<T = Record<string, unknown>>(url: string, options: HttpOptions = {}): Promise<JsonResponse<T>> {
  const method = options.method ?? 'GET';
  const { pathname, search } = new URL(url);
  const response = await request(url, {
    method,
    dispatcher: agent,
    headers: {
      ...(options.body === undefined ? {} : { 'content-type': 'application/json' }),
      ...(options.caller === undefined ? {} : assertionHeaders(method, `${pathname}${search}`, options.caller)),
      ...options.headers,
    },
    body: options.body === undefined ? undefined : JSON.stringify(options.body),
  });
  return { status: response.statusCode, body: (await response.body.json()) as T, headers: response.headers };
}

export interface QueueTokenBody {
  token: string;
  userId: string;
  concertId: string;
  status: 'PRE_QUEUE' | 'WAITING' | 'ACTIVE' | 'EXPIRED';
  position: number | null;
  estimatedWaitSeconds: number;
  expiresAt: string | null;
  opensAt: string | null;
}

/** POST /api/v1/queue/tokens as `userId` (the gateway's assertion), for a concert's room. */
export const joinQueue = (url: string, userId: string, concertId: string = TEST_CONCERT_ID) =>
  http<QueueTokenBody & { code?: string }>(`${url}/api/v1/queue/tokens`, { method: 'POST', body: { concertId }, caller: userId });

/**
 * The user a token's claims name (read without checking the signature), so that a test polling
 * with a token acts as its owner unless it says otherwise; a random user for an unreadable token.
 */
export function claimedUserOf(token: string): string {
  try {
    const claims = JSON.parse(Buffer.from(token.split('.')[1] ?? '', 'base64url').toString('utf8')) as { uid?: unknown };
    if (typeof claims.uid === 'string') return claims.uid;
  } catch {
    // not a token: fall through
  }
  return randomUUID();
}

/** GET me with the token, as `caller` (by default the user the token names; null: an assertion for nobody). */
export const myPlace = (url: string, token?: string, caller: string | null = token === undefined ? randomUUID() : claimedUserOf(token)) =>
  http<QueueTokenBody & { code?: string }>(`${url}/api/v1/queue/tokens/me`, { headers: token === undefined ? {} : { 'x-queue-token': token }, caller });
