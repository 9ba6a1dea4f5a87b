import { Controller, Get, Module, type DynamicModule } from '@nestjs/common';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { ConfigModule } from '../config/config.module';
import { LoggingModule } from '../logging/logging.module';
import { createHttpApp } from './http-app';

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
      imports: [ConfigModule.forRoot({ PROCESS_ROLE: role }), LoggingModule.forRoot({ service: 'probe', level: 'silent' })],
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

  it('serves every route in an api or all process', async () => {
    for (const role of ['api', 'all']) {
      const fastify = (await appFor(role)).getHttpAdapter().getInstance();
      expect((await fastify.inject({ method: 'GET', url: '/things' })).statusCode).toBe(200);
    }
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
