import { type DynamicModule, Module, type Provider } from '@nestjs/common';
import { TerminusModule } from '@nestjs/terminus';
import { HealthController } from './health.controller';
import { HEALTH_PROBES, HEALTH_PUBLIC_ANSWER, type HealthProbe } from './health-probe';

export interface HealthModuleOptions {
  /** Providers (tokens) resolving to {@link HealthProbe}s, one per dependency. */
  probes: Array<string | symbol | (abstract new (...args: never[]) => HealthProbe)>;
  imports?: DynamicModule['imports'];
  /**
   * The public entry answers up/down per dependency only: the probes' error text (addresses,
   * driver messages) goes to the log, not to whoever asks.
   */
  publicAnswer?: boolean;
}

@Module({})
export class HealthModule {
  static forRoot(options: HealthModuleOptions): DynamicModule {
    const probes: Provider = {
      provide: HEALTH_PROBES,
      useFactory: (...resolved: HealthProbe[]) => resolved,
      inject: options.probes,
    };
    return {
      module: HealthModule,
      imports: [TerminusModule.forRoot({ logger: false, errorLogStyle: 'pretty' }), ...(options.imports ?? [])],
      controllers: [HealthController],
      providers: [probes, { provide: HEALTH_PUBLIC_ANSWER, useValue: options.publicAnswer ?? false }],
    };
  }
}
