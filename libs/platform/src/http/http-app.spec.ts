import type { AddressInfo } from 'node:net';
import { connect } from 'node:net';
import { gzipSync } from 'node:zlib';
import { Body, Controller, Get, Module, Param, Post, type DynamicModule } from '@nestjs/common';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { ConfigModule } from '../config/config.module';
import { LoggingModule } from '../logging/logging.module';
import { signCallerAssertion } from '../identity/caller-assertion';
import { createHttpApp } from './http-app';

const KEY = 'probe-assertion-key-0123456789abcdef';
const asserted = (method: string, url: string) => ({ 'x-caller-assertion': signCallerAssertion({ sub: null, qtid: null, iss: 'test', m: method, p: url }, KEY, Date.now()) });

@Controller()
class ProbeController {
  @Get('things')
  things(): { ok: boolean } {
    return { ok: true };
  }

  @Get('things/:id')
  thing(@Param('id') id: string): { id: string } {
    return { id };
  }

  @Post('things')
  create(@Body() body: unknown): { received: unknown } {
    return { received: body };
  }

  @Get('health')
  health(): { status: string } {
    return { status: 'ok' };
  }

  @Get('metrics')
  metrics(): string {
    return 'up 1';
  }
}

@Module({})
class ProbeModule {
  static forRole(role: string): DynamicModule {
    return {
      module: ProbeModule,
      imports: [ConfigModule.forRoot({ PROCESS_ROLE: role, INTERNAL_ASSERTION_KEY: KEY, INTERNAL_ASSERTION_KEYS: [] }), LoggingModule.forRoot({ service: 'probe', level: 'silent' })],
      controllers: [ProbeController],
    };
  }
}

describe('createHttpApp and PROCESS_ROLE', () => {
  const apps: NestFastifyApplication[] = [];

  async function appFor(role: string): Promise<NestFastifyApplication> {
    const app = await createHttpApp(ProbeModule.forRole(role), { service: 'probe', port: 0, host: '127.0.0.1' });
    await app.init();
    await app.getHttpAdapter().getInstance().ready();
    apps.push(app);
    return app;
  }

  afterAll(async () => {
    await Promise.all(apps.map((app) => app.close()));
  });

  it('serves every route in an api or all process, to callers the gateway vouches for', async () => {
    for (const role of ['api', 'all']) {
      const fastify = (await appFor(role)).getHttpAdapter().getInstance();
      expect((await fastify.inject({ method: 'GET', url: '/things', headers: asserted('GET', '/things') })).statusCode).toBe(200);
    }
  });

  it('refuses a request without a genuine assertion made for it, before routing; health and metrics need none', async () => {
    const fastify = (await appFor('api')).getHttpAdapter().getInstance();
    const missing = await fastify.inject({ method: 'GET', url: '/things' });
    expect([missing.statusCode, missing.json<{ code: string }>().code]).toEqual([401, 'AUTH_REQUIRED']);
    for (const headers of [asserted('GET', '/things/1'), asserted('POST', '/things'), { 'x-caller-assertion': 'ca1.e30.x' }]) {
      const refused = await fastify.inject({ method: 'GET', url: '/things', headers });
      expect([refused.statusCode, refused.json<{ code: string }>().code]).toEqual([401, 'AUTH_INVALID']);
    }
    const unknownRoute = await fastify.inject({ method: 'GET', url: '/secret' });
    expect(unknownRoute.statusCode).toBe(401);
    expect((await fastify.inject({ method: 'GET', url: '/health' })).statusCode).toBe(200);
    expect((await fastify.inject({ method: 'GET', url: '/metrics' })).statusCode).toBe(200);
  });

  it('answers health and metrics only in a worker process', async () => {
    const fastify = (await appFor('worker')).getHttpAdapter().getInstance();
    expect((await fastify.inject({ method: 'GET', url: '/health' })).statusCode).toBe(200);
    expect((await fastify.inject({ method: 'GET', url: '/metrics' })).statusCode).toBe(200);
    const refused = await fastify.inject({ method: 'GET', url: '/things', headers: { 'x-request-id': 'req-1' } });
    expect(refused.statusCode).toBe(503);
    expect(refused.json()).toMatchObject({ statusCode: 503, code: 'SERVICE_UNAVAILABLE', requestId: 'req-1' });
    // A path that only starts like an allowed one is refused too.
    expect((await fastify.inject({ method: 'GET', url: '/healthy' })).statusCode).toBe(503);
  });
});

/** Sends raw bytes and reads everything the server answers until it closes the connection. */
async function rawExchange(port: number, request: string): Promise<{ head: string; body: Record<string, unknown> }> {
  const socket = connect(port, '127.0.0.1');
  const chunks: Buffer[] = [];
  socket.on('data', (chunk: Buffer) => chunks.push(chunk));
  socket.write(request);
  await new Promise<void>((resolve) => socket.once('close', () => resolve()));
  const [head = '', body = ''] = Buffer.concat(chunks).toString('utf8').split('\r\n\r\n');
  return { head, body: JSON.parse(body) as Record<string, unknown> };
}

describe('createHttpApp: refusals before any route', () => {
  let app: NestFastifyApplication;

  beforeAll(async () => {
    // The HTTP layer's own refusals, which come before any caller check.
    app = await createHttpApp(ProbeModule.forRole('all'), { service: 'probe', port: 0, host: '127.0.0.1', publicEntry: true });
    await app.listen(0, '127.0.0.1');
  });

  afterAll(async () => {
    await app.close();
  });

  it.each([
    ['a path that is not valid percent-encoding', '/things/%ZZ', 'The path is not valid percent-encoding'],
    ['a path segment over 100 characters', `/things/${'a'.repeat(101)}`, 'A path segment is longer than 100 characters'],
  ])('answers %s with 400 VALIDATION_FAILED and the contract body', async (_case, url, message) => {
    const fastify = app.getHttpAdapter().getInstance();
    const response = await fastify.inject({ method: 'GET', url, headers: { 'x-request-id': 'req-bad-url' } });
    expect(response.statusCode).toBe(400);
    expect(response.headers['x-request-id']).toBe('req-bad-url');
    expect(response.json()).toEqual({ statusCode: 400, code: 'VALIDATION_FAILED', message, requestId: 'req-bad-url' });
  });

  it('still serves a path segment of 100 characters', async () => {
    const fastify = app.getHttpAdapter().getInstance();
    expect((await fastify.inject({ method: 'GET', url: `/things/${'a'.repeat(100)}` })).statusCode).toBe(200);
  });

  const nested = (depth: number): string => `${'['.repeat(depth)}1${']'.repeat(depth)}`;

  it.each([
    ['JSON nested 100,000 deep', 'application/json', `{"a":${nested(100_000)}}`, 400, 'VALIDATION_FAILED'],
    ['JSON nested 33 deep', 'application/json', nested(33), 400, 'VALIDATION_FAILED'],
    ['a __proto__ key', 'application/json', '{"__proto__":{"admin":true}}', 400, 'VALIDATION_FAILED'],
    ['malformed JSON', 'application/json', '{"a": ', 400, 'VALIDATION_FAILED'],
    ['a form body', 'application/x-www-form-urlencoded', 'a=1', 415, 'UNSUPPORTED_MEDIA_TYPE'],
    ['JSON sent as text/plain', 'text/plain', '{"name":"x"}', 415, 'UNSUPPORTED_MEDIA_TYPE'],
  ])('refuses %s with %i %s', async (_case, contentType, payload, status, code) => {
    const fastify = app.getHttpAdapter().getInstance();
    const response = await fastify.inject({ method: 'POST', url: '/things', headers: { 'content-type': contentType }, payload });
    expect([response.statusCode, response.json<{ code: string }>().code]).toEqual([status, code]);
  });

  it.each([
    ['gzip', gzipSync('{"name":"x"}')],
    ['br (a plain JSON body mislabelled)', Buffer.from('{"name":"x"}')],
  ])('refuses a body with Content-Encoding %s: 415, never read as JSON', async (coding, payload) => {
    const fastify = app.getHttpAdapter().getInstance();
    const response = await fastify.inject({ method: 'POST', url: '/things', headers: { 'content-type': 'application/json', 'content-encoding': coding.split(' ')[0] ?? '' }, payload });
    expect(response.statusCode).toBe(415);
    expect(response.json()).toMatchObject({ code: 'UNSUPPORTED_MEDIA_TYPE', message: expect.stringContaining('Content-Encoding') });
  });

  it('takes a body whose Content-Encoding is identity', async () => {
    const fastify = app.getHttpAdapter().getInstance();
    const response = await fastify.inject({ method: 'POST', url: '/things', headers: { 'content-type': 'application/json', 'content-encoding': 'Identity' }, payload: '{"name":"x"}' });
    expect(response.statusCode).toBe(201);
  });

  it('takes JSON nested 32 deep', async () => {
    const fastify = app.getHttpAdapter().getInstance();
    const response = await fastify.inject({ method: 'POST', url: '/things', headers: { 'content-type': 'application/json' }, payload: nested(32) });
    expect(response.statusCode).toBe(201);
  });

  it('answers headers over 16 KB with 431 REQUEST_HEADERS_TOO_LARGE and the contract body', async () => {
    const { port } = app.getHttpServer().address() as AddressInfo;
    const { head, body } = await rawExchange(port, `GET /things HTTP/1.1\r\nHost: probe\r\nX-Padding: ${'a'.repeat(20_000)}\r\n\r\n`);
    expect(head).toMatch(/^HTTP\/1\.1 431 /);
    expect(head).toMatch(new RegExp(`x-request-id: ${String(body['requestId'])}`));
    expect(body).toEqual({ statusCode: 431, code: 'REQUEST_HEADERS_TOO_LARGE', message: 'Request headers are larger than 16 KB', requestId: expect.any(String) });
  });

  it('answers bytes that are not HTTP with 400 VALIDATION_FAILED and the contract body', async () => {
    const { port } = app.getHttpServer().address() as AddressInfo;
    const { head, body } = await rawExchange(port, 'HELLO THERE\r\n\r\n');
    expect(head).toMatch(/^HTTP\/1\.1 400 /);
    expect(body).toMatchObject({ statusCode: 400, code: 'VALIDATION_FAILED', message: 'Malformed HTTP request' });
  });
});
