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
  RedisHealthProbe,
  RedisModule,
} from '@concert/platform';
import { CatalogModule } from './catalog/catalog.module';
import type { ConcertServiceConfig } from './concert-service.config';
import { concertServiceDatabase } from './infrastructure/database/concert-service-database';

@Module({})
export class AppModule {
  static forRoot(config: ConcertServiceConfig): DynamicModule {
    return {
      module: AppModule,
      imports: [
        ConfigModule.forRoot(config),
        LoggingModule.forRoot({ service: 'concert-service', level: config.LOG_LEVEL, pretty: config.NODE_ENV === 'development' }),
        DatabaseModule.forRoot(concertServiceDatabase),
        RedisModule.forRoot('concert-service'),
        MessagingModule.forRoot({ service: 'concert-service', outbox: true, inbox: 'postgres' }),
        HealthModule.forRoot({ probes: [PostgresHealthProbe, RedisHealthProbe, KafkaHealthProbe] }),
        CatalogModule,
      ],
      controllers: [MetricsController],
    };
  }
}
