import { type DynamicModule, Module } from '@nestjs/common';
import {
  ConfigModule,
  HealthModule,
  KafkaHealthProbe,
  LoggingModule,
  MessagingModule,
  MetricsController,
  RedisHealthProbe,
  RedisModule,
} from '@concert/platform';
import type { ConcertDirectory } from './queue/application/ports/concert-directory.port';
import type { Clock } from './queue/domain/clock';
import { QueueModule } from './queue/queue.module';
import type { QueueServiceConfig } from './queue-service.config';

export interface AppModuleOptions {
  /** Tests inject a fake clock. */
  clock?: Clock;
  /** Kafka (ReservationConfirmed consumer, Kafka health probe); default true. Tests of the HTTP side alone turn it off. */
  messaging?: boolean;
  /** Tests of queue-service alone name the concerts that exist. */
  concertDirectory?: ConcertDirectory;
}

@Module({})
export class AppModule {
  static forRoot(config: QueueServiceConfig, options: AppModuleOptions = {}): DynamicModule {
    const messaging = options.messaging ?? true;
    return {
      module: AppModule,
      imports: [
        ConfigModule.forRoot(config),
        LoggingModule.forRoot({ service: 'queue-service', level: config.LOG_LEVEL, pretty: config.NODE_ENV === 'development' }),
        RedisModule.forRoot('queue-service'),
        ...(messaging ? [MessagingModule.forRoot({ service: 'queue-service', inbox: 'redis' })] : []),
        QueueModule.forRoot(config, { clock: options.clock, consumeEvents: messaging, concertDirectory: options.concertDirectory }),
        HealthModule.forRoot({ probes: messaging ? [RedisHealthProbe, KafkaHealthProbe] : [RedisHealthProbe] }),
      ],
      controllers: [MetricsController],
    };
  }
}
