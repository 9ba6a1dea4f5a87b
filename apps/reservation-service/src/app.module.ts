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
import { reservationServiceDatabase } from './infrastructure/database/reservation-service-database';
import type { ReservationServiceConfig } from './reservation-service.config';
import { ReservationsModule, type ReservationsModuleOptions } from './reservations/reservations.module';

@Module({})
export class AppModule {
  static forRoot(config: ReservationServiceConfig, overrides: Omit<ReservationsModuleOptions, 'config'> = {}): DynamicModule {
    return {
      module: AppModule,
      imports: [
        ConfigModule.forRoot(config),
        LoggingModule.forRoot({ service: 'reservation-service', level: config.LOG_LEVEL, pretty: config.NODE_ENV === 'development' }),
        DatabaseModule.forRoot(reservationServiceDatabase),
        MessagingModule.forRoot({ service: 'reservation-service', outbox: true, inbox: 'postgres' }),
        HealthModule.forRoot({ probes: [PostgresHealthProbe, KafkaHealthProbe] }),
        ReservationsModule.forRoot({ config, ...overrides }),
      ],
      controllers: [MetricsController],
    };
  }
}
