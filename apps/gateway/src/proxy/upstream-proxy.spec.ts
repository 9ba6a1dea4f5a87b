import { ErrorCode } from '@concert/contracts';
import { loadConfig, SYSTEM_ID_HEADER, toErrorBody } from '@concert/platform';
import { Logger } from '@nestjs/common';
import Fastify, { type FastifyInstance } from 'fastify';
import { MockAgent, type MockPool } from 'undici';
import type { Clock } from '../clock';
import { gatewayConfigSchema } from '../gateway.config';
import { UpstreamGroup } from './upstream-group';
import { UpstreamProxy } from './upstream-proxy';
import type { UpstreamGroups, UpstreamReplica } from './upstream-registry';
import { UpstreamService } from './upstream-service';

class FakeClock implements Clock {
  now = 1_000_000;
  nowMs(): number {
    return this.now;
  }
}

const SYSTEM = 'system-of-this-start';
const PATH = '/api/v1/users/u-1/balance/charge';
const BODY = '{"amount":5000}';
/** The forwarded body, the client's bytes unchanged (the proxy sends them as a Buffer). */
const sentBody = (body: string): boolean => String(body) === BODY;

describe('UpstreamProxy and a replica that answers as another system', () => {
  let agent: MockAgent;
  let clock: FakeClock;
  let app: FastifyInstance | undefined;

  beforeAll(() => {
    Logger.overrideLogger(false);
  });

  afterAll(() => {
    Logger.overrideLogger(['log', 'error', 'warn']);
  });

  beforeEach(() => {
    agent = new MockAgent();
    // A call nothing was set up for fails the test instead of reaching the network.
    agent.disableNetConnect();
    clock = new FakeClock();
  });

  afterEach(async () => {
    await app?.close();
    app = undefined;
    await agent.close();
  });

  function replica(name: string): { replica: UpstreamReplica; pool: MockPool } {
    const url = `http://${name}.test`;
    const pool = agent.get<MockPool>(url);
    return { replica: { url, pool, streams: pool }, pool };
  }

  /** The proxy under test, behind a bare Fastify app that answers errors with the contract's body. */
  async function gatewayOver(replicas: UpstreamReplica[], env: Record<string, string>): Promise<FastifyInstance> {
    const group = new UpstreamGroup(replicas, clock);
    const groups: UpstreamGroups = { group: () => group };
    const sut = new UpstreamProxy(groups, loadConfig(gatewayConfigSchema, { NODE_ENV: 'test', ...env }));
    const fastify = Fastify({ logger: false });
    fastify.removeAllContentTypeParsers();
    fastify.addContentTypeParser('*', { parseAs: 'buffer' }, (_request, body, done) => done(null, body));
    fastify.setErrorHandler((error, request, reply) => {
      const body = toErrorBody(error, String(request.id));
      void reply.status(body.statusCode).send(body);
    });
    fastify.all('/*', (request, reply) => sut.forward(UpstreamService.Payment, request, reply));
    await fastify.ready();
    app = fastify;
    return fastify;
  }

  const post = (fastify: FastifyInstance) => fastify.inject({ method: 'POST', url: PATH, headers: { 'content-type': 'application/json' }, payload: BODY });

  it.each([
    ['without x-system-id', {}],
    ['with another system id', { [SYSTEM_ID_HEADER]: 'an-earlier-start' }],
  ])('drops the answer of a stranger %s, sends even a POST to our replica instead and skips the stranger while it cools down', async (_case, strangerHeaders) => {
    const stranger = replica('stranger');
    const ours = replica('ours');
    stranger.pool.intercept({ path: PATH, method: 'POST', body: sentBody }).reply(200, { from: 'stranger' }, { headers: strangerHeaders });
    ours.pool.intercept({ path: PATH, method: 'POST', body: sentBody }).reply(200, { from: 'ours' }, { headers: { [SYSTEM_ID_HEADER]: SYSTEM } }).times(2);
    const fastify = await gatewayOver([stranger.replica, ours.replica], { SYSTEM_ID: SYSTEM });

    const first = await post(fastify);
    // Cooling down: the stranger is not asked again (it has no answer left to give: that would fail).
    const second = await post(fastify);

    expect([first.statusCode, first.json(), second.statusCode, second.json()]).toEqual([200, { from: 'ours' }, 200, { from: 'ours' }]);
    expect(first.headers).not.toHaveProperty(SYSTEM_ID_HEADER);
    expect(agent.pendingInterceptors()).toEqual([]);
  });

  it('answers 503 SERVICE_UNAVAILABLE with the contract body when every replica is a stranger, relaying nothing of theirs', async () => {
    const silent = replica('silent');
    const other = replica('other');
    silent.pool.intercept({ path: PATH, method: 'POST' }).reply(200, { from: 'silent' });
    other.pool.intercept({ path: PATH, method: 'POST' }).reply(201, { from: 'other' }, { headers: { [SYSTEM_ID_HEADER]: 'another-system' } });
    const fastify = await gatewayOver([silent.replica, other.replica], { SYSTEM_ID: SYSTEM });

    const response = await post(fastify);

    expect(response.statusCode).toBe(503);
    expect(response.json()).toEqual({ statusCode: 503, code: ErrorCode.SERVICE_UNAVAILABLE, message: 'The payment service is unavailable; try again shortly', requestId: expect.any(String) });
    expect(response.body).not.toContain('silent');
    expect(response.body).not.toContain('other');
    expect(agent.pendingInterceptors()).toEqual([]);
  });

  it('answers 503 when the only replica is a stranger', async () => {
    const stranger = replica('stranger');
    stranger.pool.intercept({ path: PATH, method: 'POST' }).reply(200, { from: 'stranger' });
    const fastify = await gatewayOver([stranger.replica], { SYSTEM_ID: SYSTEM });

    await expect(post(fastify).then((response) => [response.statusCode, response.json<{ code: string }>().code])).resolves.toEqual([503, ErrorCode.SERVICE_UNAVAILABLE]);
  });

  it('relays an answer without x-system-id when the gateway has no SYSTEM_ID (nothing to compare with)', async () => {
    const plain = replica('plain');
    plain.pool.intercept({ path: PATH, method: 'POST' }).reply(200, { from: 'plain' });
    const fastify = await gatewayOver([plain.replica], {});

    await expect(post(fastify).then((response) => [response.statusCode, response.json()])).resolves.toEqual([200, { from: 'plain' }]);
  });

  it('relays our own error answers as they are: only the identity decides, not the status', async () => {
    const ours = replica('ours');
    ours.pool.intercept({ path: PATH, method: 'POST' }).reply(409, { code: ErrorCode.SEAT_UNAVAILABLE }, { headers: { [SYSTEM_ID_HEADER]: SYSTEM } });
    const fastify = await gatewayOver([ours.replica], { SYSTEM_ID: SYSTEM });

    await expect(post(fastify).then((response) => [response.statusCode, response.json()])).resolves.toEqual([409, { code: ErrorCode.SEAT_UNAVAILABLE }]);
  });
});
