import { Injectable, Module } from '@nestjs/common';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { Test } from '@nestjs/testing';
import { createFastifyAdapter } from '../http/http-app';
import type { HealthProbe } from './health-probe';
import { HealthModule } from './health.module';

@Injectable()
class UpProbe implements HealthProbe {
  readonly name = 'redis';
  async check(): Promise<void> {}
}

@Injectable()
class DownProbe implements HealthProbe {
  readonly name = 'kafka';
  async check(): Promise<void> {
    throw new Error('connection refused');
  }
}

async function appWith(probes: Array<typeof UpProbe | typeof DownProbe>, publicAnswer = false): Promise<NestFastifyApplication> {
  @Module({ providers: probes, exports: probes })
  class ProbesModule {}
  const moduleRef = await Test.createTestingModule({ imports: [HealthModule.forRoot({ probes, imports: [ProbesModule], publicAnswer })] }).compile();
  const app = moduleRef.createNestApplication<NestFastifyApplication>(createFastifyAdapter());
  await app.init();
  await app.getHttpAdapter().getInstance().ready();
  return app;
}

describe('GET /health', () => {
  it('answers 200 when every dependency is up', async () => {
    const sut = await appWith([UpProbe]);
    const response = await sut.inject({ method: 'GET', url: '/health' });
    expect(response.statusCode).toBe(200);
    expect(response.json()).toMatchObject({ status: 'ok', details: { redis: { status: 'up' } } });
    await sut.close();
  });

  it('answers 503 naming the dependency that is down', async () => {
    const sut = await appWith([UpProbe, DownProbe]);
    const response = await sut.inject({ method: 'GET', url: '/health', headers: { 'x-request-id': 'health-1' } });
    expect(response.statusCode).toBe(503);
    expect(response.json()).toMatchObject({
      statusCode: 503,
      code: 'SERVICE_UNAVAILABLE',
      message: 'Unhealthy: kafka (connection refused)',
      requestId: 'health-1',
      details: { redis: { status: 'up' }, kafka: { status: 'down', message: 'connection refused' } },
    });
    await sut.close();
  });

  it('answers up/down only on the public entry, without the error text', async () => {
    const sut = await appWith([UpProbe, DownProbe], true);
    const response = await sut.inject({ method: 'GET', url: '/health' });
    expect(response.statusCode).toBe(503);
    expect(response.json()).toMatchObject({ message: 'Unhealthy: kafka (down)', details: { redis: { status: 'up' }, kafka: { status: 'down' } } });
    expect(response.body).not.toContain('connection refused');
    await sut.close();
  });
});
