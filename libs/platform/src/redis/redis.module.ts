import { type DynamicModule, Inject, Injectable, Module, type OnApplicationShutdown } from '@nestjs/common';
import Redis from 'ioredis';
import { APP_CONFIG } from '../config/config.module';
import type { RedisConfig } from '../config/config';
import type { HealthProbe } from '../health/health-probe';

export const REDIS = Symbol('REDIS');

export function createRedis(config: RedisConfig, name: string): Redis {
  return new Redis(config.REDIS_URL, {
    keyPrefix: config.REDIS_KEY_PREFIX || undefined,
    connectionName: name,
    maxRetriesPerRequest: 2,
    enableAutoPipelining: true,
  });
}

@Injectable()
export class RedisHealthProbe implements HealthProbe, OnApplicationShutdown {
  readonly name = 'redis';

  constructor(@Inject(REDIS) private readonly redis: Redis) {}

  async check(): Promise<void> {
    await this.redis.ping();
  }

  async onApplicationShutdown(): Promise<void> {
    await this.redis.quit().catch(() => this.redis.disconnect());
  }
}

/** One shared ioredis client per process (auto-pipelined), with its health probe. */
@Module({})
export class RedisModule {
  static forRoot(name: string): DynamicModule {
    return {
      module: RedisModule,
      global: true,
      providers: [
        { provide: REDIS, inject: [APP_CONFIG], useFactory: (config: RedisConfig) => createRedis(config, name) },
        RedisHealthProbe,
      ],
      exports: [REDIS, RedisHealthProbe],
    };
  }
}
