import { type DynamicModule, Module } from '@nestjs/common';
import {
  ConfigModule,
  DatabaseModule,
  HealthModule,
  KafkaHealthProbe,
  LoggingModule,
  MessagingModule,
  MetricsController,
  PostgresHealthProbe,
} from '@concert/platform';
import type { HistorySinkConfig } from './history-sink.config';
import { HistoryModule } from './history/history.module';
import { historySinkDatabase } from './history/infrastructure/history-sink-database';

@Module({})
export class AppModule {
  static forRoot(config: HistorySinkConfig): DynamicModule {
    return {
      module: AppModule,
      imports: [
        ConfigModule.forRoot(config),
        LoggingModule.forRoot({ service: 'history-sink', level: config.LOG_LEVEL, pretty: config.NODE_ENV === 'development' }),
        DatabaseModule.forRoot(historySinkDatabase),
        MessagingModule.forRoot({ service: 'history-sink', inbox: 'postgres' }),
        HealthModule.forRoot({ probes: [PostgresHealthProbe, KafkaHealthProbe] }),
        HistoryModule,
      ],
      controllers: [MetricsController],
    };
  }
}
