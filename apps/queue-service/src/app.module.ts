import { type DynamicModule, Module } from '@nestjs/common';
import { ConfigModule, HealthModule, LoggingModule, MetricsController } from '@concert/platform';
import type { QueueServiceConfig } from './queue-service.config';

@Module({})
export class AppModule {
  static forRoot(config: QueueServiceConfig): DynamicModule {
    return {
      module: AppModule,
      imports: [
        ConfigModule.forRoot(config),
        LoggingModule.forRoot({ service: 'queue-service', level: config.LOG_LEVEL, pretty: config.NODE_ENV === 'development' }),
        HealthModule.forRoot({ probes: [] }),
      ],
      controllers: [MetricsController],
    };
  }
}
