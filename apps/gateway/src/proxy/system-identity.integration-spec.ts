import { randomUUID } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { ErrorCode } from '@concert/contracts';
import { deleteRedisPrefix, testInfra } from '@concert/testing';
import { type HealthProbe, loadConfig, SYSTEM_ID_HEADER } from '@concert/platform';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { request } from 'undici';
import { createGatewayApp } from '../gateway.app';
import { gatewayConfigSchema } from '../gateway.config';
import { upstreamHealthProbeToken } from './upstream-health.probe';
import { UpstreamService } from './upstream-service';

/** The id of the system under test; `an-earlier-start` is another one. */
const SYSTEM = `it-system-${randomUUID()}`;
const PREFIX = `it:gateway-identity:${randomUUID()}:`;

/**
 * A plain node server on a replica's port, answering 200 with `{ from: name }` to everything
 * (its /health too) and recording every other request. `answersAs` is the x-system-id it sends:
 * this system's for a replica of ours; none, or another system's, for a stranger (an orphan of
 * an earlier start, or any other program holding the port).
 */
class Upstream {
  readonly received: string[] = [];
  url = '';
  private readonly server: Server;

  constructor(
    readonly name: string,
    answersAs: string | undefined,
  ) {
    this.server = createServer((incoming: IncomingMessage, response: ServerResponse) => {
      const chunks: Buffer[] = [];
      incoming.on('data', (chunk: Buffer) => chunks.push(chunk));
      incoming.on('end', () => {
        if (incoming.url !== '/health') this.received.push(`${incoming.method ?? '?'} ${incoming.url ?? '?'} ${Buffer.concat(chunks).toString('utf8')}`.trim());
        response.writeHead(200, { 'content-type': 'application/json', ...(answersAs === undefined ? {} : { [SYSTEM_ID_HEADER]: answersAs }) });
        response.end(JSON.stringify({ from: name }));
      });
    });
  }

  async start(): Promise<this> {
    await new Promise<void>((resolve) => this.server.listen(0, '127.0.0.1', resolve));
    this.url = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
    return this;
  }

  async stop(): Promise<void> {
    this.server.closeAllConnections();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }
}

interface Gateway {
  app: NestFastifyApplication;
  url: string;
}

async function startGateway(env: Record<string, string>): Promise<Gateway> {
  const config = loadConfig(gatewayConfigSchema, {
    NODE_ENV: 'test',
    LOG_LEVEL: 'silent',
    REDIS_URL: testInfra.redisUrl,
    REDIS_KEY_PREFIX: PREFIX,
    RATE_LIMIT_PER_CLIENT_PER_SECOND: '0',
    ...env,
  });
  const app = await createGatewayApp(config);
  await app.listen(0, '127.0.0.1');
  return { app, url: `http://127.0.0.1:${(app.getHttpServer().address() as AddressInfo).port}` };
}

interface Answer {
  status: number;
  systemId: unknown;
  text: string;
  json: Record<string, unknown>;
}

async function call(base: string, method: 'GET' | 'POST', path: string, headers: Record<string, string> = {}, body?: string): Promise<Answer> {
  const response = await request(`${base}${path}`, { method, headers, body });
  const text = await response.body.text();
  return { status: response.statusCode, systemId: response.headers[SYSTEM_ID_HEADER], text, json: JSON.parse(text) as Record<string, unknown> };
}

describe('gateway and a stranger on a replica port (SYSTEM_ID)', () => {
  const queue = new Upstream('queue', SYSTEM);
  const concert = new Upstream('concert', SYSTEM);
  const reservation = new Upstream('reservation', SYSTEM);
  const payment = new Upstream('payment', SYSTEM);
  /** A stranger that says nothing about itself (an old build, any other program). */
  const silentStranger = new Upstream('silent-stranger', undefined);
  /** A stranger of this project from an earlier start: it answers as that system. */
  const earlierStart = new Upstream('earlier-start', 'an-earlier-start');
  const upstreams = [queue, concert, reservation, payment, silentStranger, earlierStart];
  /** Each backend service has a stranger in front of its replica of ours. */
  let checked: Gateway;
  /** Every replica of reservation- and payment-service is a stranger. */
  let stranded: Gateway;
  /** Negative control: the same replicas as `checked`, without a SYSTEM_ID. */
  let unchecked: Gateway;
  const userId = randomUUID();
  let bearer: Record<string, string>;

  beforeAll(async () => {
    await Promise.all(upstreams.map((upstream) => upstream.start()));
    const ours = { QUEUE_SERVICE_URLS: queue.url, CONCERT_SERVICE_URLS: concert.url };
    const withStrangers = { ...ours, RESERVATION_SERVICE_URLS: `${silentStranger.url},${reservation.url}`, PAYMENT_SERVICE_URLS: `${earlierStart.url},${payment.url}` };
    [checked, stranded, unchecked] = await Promise.all([
      startGateway({ SYSTEM_ID: SYSTEM, ...withStrangers }),
      startGateway({ SYSTEM_ID: SYSTEM, ...ours, RESERVATION_SERVICE_URLS: silentStranger.url, PAYMENT_SERVICE_URLS: earlierStart.url }),
      startGateway(withStrangers),
    ]);
    const login = await call(checked.url, 'POST', '/api/v1/auth/dev-login', { 'content-type': 'application/json' }, JSON.stringify({ userId }));
    bearer = { authorization: `Bearer ${String(login.json['accessToken'])}` };
  });

  afterAll(async () => {
    await Promise.all([checked, stranded, unchecked].map((gateway) => gateway?.app.close()));
    await Promise.all(upstreams.map((upstream) => upstream.stop()));
    await deleteRedisPrefix(PREFIX);
  });

  beforeEach(() => {
    for (const upstream of upstreams) upstream.received.length = 0;
  });

  const charge = (gateway: Gateway, amount: number) =>
    call(gateway.url, 'POST', `/api/v1/users/${userId}/balance/charge`, { ...bearer, 'content-type': 'application/json' }, JSON.stringify({ amount }));
  const reservationOf = (gateway: Gateway, id: string) => call(gateway.url, 'GET', `/api/v1/reservations/${id}`, bearer);

  it('reports a service with a stranger on a replica port as down, naming the replica', async () => {
    const health = await call(checked.url, 'GET', '/health');

    expect([health.status, health.json['code'], health.systemId]).toEqual([503, ErrorCode.SERVICE_UNAVAILABLE, SYSTEM]);
    expect(health.json['message']).toBe('Unhealthy: reservation-service (down), payment-service (down)');
    const probe = (service: UpstreamService) => checked.app.get<HealthProbe>(upstreamHealthProbeToken(service)).check();
    await expect(probe(UpstreamService.Reservation)).rejects.toThrow(`1 of 2 replica(s) down: ${silentStranger.url} answers as another system (no x-system-id)`);
    await expect(probe(UpstreamService.Payment)).rejects.toThrow(`1 of 2 replica(s) down: ${earlierStart.url} answers as another system (x-system-id: an-earlier-start)`);
    await expect(probe(UpstreamService.Queue)).resolves.toBeUndefined();
  });

  it('sends every one of many parallel requests, POSTs included, to the replica of ours and relays nothing of the strangers', async () => {
    const count = 20;
    const ids = Array.from({ length: count }, () => randomUUID());

    const answers = await Promise.all([...ids.map((id) => reservationOf(checked, id)), ...ids.map((_id, index) => charge(checked, 1_000 + index))]);

    expect(answers.filter((answer) => answer.status !== 200)).toEqual([]);
    expect(answers.map((answer) => answer.json['from']).sort()).toEqual([...Array<string>(count).fill('payment'), ...Array<string>(count).fill('reservation')]);
    // The x-system-id a client sees is the gateway's own, never a stranger's.
    expect(new Set(answers.map((answer) => answer.systemId))).toEqual(new Set([SYSTEM]));
    expect(reservation.received.sort()).toEqual(ids.map((id) => `GET /api/v1/reservations/${id}`).sort());
    expect(payment.received.sort()).toEqual(ids.map((_id, index) => `POST /api/v1/users/${userId}/balance/charge {"amount":${1_000 + index}}`).sort());
    // Each stranger was asked (first in turn) and its answer dropped.
    expect(silentStranger.received.length).toBeGreaterThanOrEqual(1);
    expect(earlierStart.received.length).toBeGreaterThanOrEqual(1);
  });

  it('answers 503 SERVICE_UNAVAILABLE with the contract body when every replica is a stranger', async () => {
    const charged = await charge(stranded, 5_000);
    const read = await reservationOf(stranded, randomUUID());

    expect(charged.json).toEqual({ statusCode: 503, code: ErrorCode.SERVICE_UNAVAILABLE, message: 'The payment service is unavailable; try again shortly', requestId: expect.any(String) });
    expect(read.json).toEqual({ statusCode: 503, code: ErrorCode.SERVICE_UNAVAILABLE, message: 'The reservation service is unavailable; try again shortly', requestId: expect.any(String) });
    expect([charged.status, read.status]).toEqual([503, 503]);
    expect(charged.text + read.text).not.toMatch(/stranger|earlier-start/);
    expect([earlierStart.received.length, silentStranger.received.length]).toEqual([1, 1]);
  });

  it('negative control: without a SYSTEM_ID the gateway round-robins onto the stranger and relays its answers', async () => {
    const answers: Answer[] = [];
    for (let index = 0; index < 10; index++) answers.push(await reservationOf(unchecked, randomUUID()));

    expect(answers.map((answer) => answer.status)).toEqual(Array<number>(10).fill(200));
    expect(answers.filter((answer) => answer.json['from'] === 'silent-stranger')).toHaveLength(5);
    expect(reservation.received).toHaveLength(5);
  });
});
