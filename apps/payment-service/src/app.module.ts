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
import { IdempotencyModule } from './idempotency/idempotency.module';
import { paymentServiceDatabase } from './infrastructure/database/payment-service-database';
import { PaymentModule } from './payment/payment.module';
import type { PaymentServiceConfig } from './payment-service.config';
import { ReservationReplicaModule } from './reservation-replica/reservation-replica.module';
import { SharedModule, type SharedModuleOptions } from './shared/shared.module';
import { WalletModule } from './wallet/wallet.module';

@Module({})
export class AppModule {
  static forRoot(config: PaymentServiceConfig, overrides: SharedModuleOptions = {}): DynamicModule {
    return {
      module: AppModule,
      imports: [
        ConfigModule.forRoot(config),
        LoggingModule.forRoot({ service: 'payment-service', level: config.LOG_LEVEL, pretty: config.NODE_ENV === 'development' }),
        DatabaseModule.forRoot(paymentServiceDatabase),
        MessagingModule.forRoot({ service: 'payment-service', outbox: true, inbox: 'postgres' }),
        HealthModule.forRoot({ probes: [PostgresHealthProbe, KafkaHealthProbe] }),
        SharedModule.forRoot(overrides),
        IdempotencyModule,
        ReservationReplicaModule,
        WalletModule,
        PaymentModule,
      ],
      controllers: [MetricsController],
    };
  }
}
