import { type DynamicModule, Module } from '@nestjs/common';
import { ConfigModule, HealthModule, LoggingModule, MetricsController } from '@concert/platform';
import type { ConcertServiceConfig } from './concert-service.config';

@Module({})
export class AppModule {
  static forRoot(config: ConcertServiceConfig): DynamicModule {
    return {
      module: AppModule,
      imports: [
        ConfigModule.forRoot(config),
        LoggingModule.forRoot({ service: 'concert-service', level: config.LOG_LEVEL, pretty: config.NODE_ENV === 'development' }),
        HealthModule.forRoot({ probes: [] }),
      ],
      controllers: [MetricsController],
    };
  }
}
