import type { AddressInfo } from 'node:net';
import { Controller, Get, Module, Res, type DynamicModule } from '@nestjs/common';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import type { FastifyReply } from 'fastify';
import { request } from 'undici';
import { ConfigModule } from '../config/config.module';
import { signCallerAssertion } from '../identity/caller-assertion';
import { LoggingModule } from '../logging/logging.module';
import { createHttpApp, SYSTEM_ID_HEADER } from './http-app';

const KEY = 'probe-assertion-key-0123456789abcdef';
const SYSTEM = 'a-start-of-the-system';
const asserted = (method: string, url: string) => ({ 'x-caller-assertion': signCallerAssertion({ sub: null, qtid: null, iss: 'test', m: method, p: url }, KEY, Date.now()) });

@Controller()
class ProbeController {
  @Get('things')
  things(): { ok: boolean } {
    return { ok: true };
  }

  @Get('health')
  health(): { status: string } {
    return { status: 'ok' };
  }

  /** An event stream written on the raw response, as queue-service's is. */
  @Get('events')
  events(@Res() reply: FastifyReply): void {
    reply.hijack();
    reply.raw.writeHead(200, { 'content-type': 'text/event-stream' });
    reply.raw.end('data: {}\n\n');
  }
}

@Module({})
class ProbeModule {
  static with(config: Record<string, unknown>): DynamicModule {
    return {
      module: ProbeModule,
      imports: [ConfigModule.forRoot({ INTERNAL_ASSERTION_KEY: KEY, INTERNAL_ASSERTION_KEYS: [], ...config }), LoggingModule.forRoot({ service: 'probe', level: 'silent' })],
      controllers: [ProbeController],
    };
  }
}

describe('createHttpApp and SYSTEM_ID', () => {
  const apps: NestFastifyApplication[] = [];

  /** A listening app: the header is checked on real answers, as the gateway and the supervisor see them. */
  async function baseUrlOf(config: Record<string, unknown>): Promise<string> {
    const app = await createHttpApp(ProbeModule.with(config), { service: 'probe', port: 0, host: '127.0.0.1' });
    await app.listen(0, '127.0.0.1');
    apps.push(app);
    return `http://127.0.0.1:${(app.getHttpServer().address() as AddressInfo).port}`;
  }

  async function answer(url: string, headers: Record<string, string> = {}): Promise<[number, unknown]> {
    const response = await request(url, { headers });
    await response.body.dump();
    return [response.statusCode, response.headers[SYSTEM_ID_HEADER]];
  }

  afterAll(async () => {
    await Promise.all(apps.map((app) => app.close()));
  });

  it('answers as its system on routed answers, health, raw event streams and the refusals of every hook', async () => {
    const base = await baseUrlOf({ PROCESS_ROLE: 'all', SYSTEM_ID: SYSTEM });
    await expect(answer(`${base}/health`)).resolves.toEqual([200, SYSTEM]);
    await expect(answer(`${base}/things`, asserted('GET', '/things'))).resolves.toEqual([200, SYSTEM]);
    await expect(answer(`${base}/events`, asserted('GET', '/events'))).resolves.toEqual([200, SYSTEM]);
    // No caller assertion: refused before routing.
    await expect(answer(`${base}/things`)).resolves.toEqual([401, SYSTEM]);
    await expect(answer(`${base}/nowhere`, asserted('GET', '/nowhere'))).resolves.toEqual([404, SYSTEM]);
  });

  it('answers as its system in a worker process, which refuses requests', async () => {
    const base = await baseUrlOf({ PROCESS_ROLE: 'worker', SYSTEM_ID: SYSTEM });
    await expect(answer(`${base}/health`)).resolves.toEqual([200, SYSTEM]);
    await expect(answer(`${base}/things`, asserted('GET', '/things'))).resolves.toEqual([503, SYSTEM]);
  });

  it('sends no x-system-id without a SYSTEM_ID', async () => {
    const base = await baseUrlOf({ PROCESS_ROLE: 'all' });
    await expect(answer(`${base}/health`)).resolves.toEqual([200, undefined]);
  });
});
