import { type DynamicModule, Global, Module } from '@nestjs/common';
import type { z } from 'zod';
import { loadConfig } from './config';

/** Injection token of the service's validated configuration object. */
export const APP_CONFIG = Symbol('APP_CONFIG');

@Global()
@Module({})
export class ConfigModule {
  /** Provides an already-validated config (validated in main.ts so a bad variable stops the process at once). */
  static forRoot<T extends object>(config: T): DynamicModule {
    return { module: ConfigModule, providers: [{ provide: APP_CONFIG, useValue: config }], exports: [APP_CONFIG] };
  }

  static fromSchema<S extends z.ZodTypeAny>(schema: S, env: NodeJS.ProcessEnv = process.env): DynamicModule {
    return ConfigModule.forRoot(loadConfig(schema, env));
  }
}
