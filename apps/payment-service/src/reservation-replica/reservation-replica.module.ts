import { Module } from '@nestjs/common';
import { APP_CONFIG } from '@concert/platform';
import type { PaymentServiceConfig } from '../payment-service.config';
import { EnsureReservationReplicaUseCase } from './application/ensure-reservation-replica/ensure-reservation-replica.use-case';
import { RecordReservationChangeUseCase } from './application/record-reservation-change/record-reservation-change.use-case';
import { RESERVATION_DIRECTORY } from './application/reservation-directory';
import { ReservationEventsConsumer } from './infrastructure/consumers/reservation-events.consumer';
import { HttpReservationDirectory } from './infrastructure/http-reservation-directory';

/** The local copy of reservations: fed by reservation events, completed by synchronous checks. */
@Module({
  controllers: [ReservationEventsConsumer],
  providers: [
    {
      provide: RESERVATION_DIRECTORY,
      inject: [APP_CONFIG],
      useFactory: (config: PaymentServiceConfig) =>
        new HttpReservationDirectory({ baseUrls: config.RESERVATION_SERVICE_URLS, timeoutMs: config.RESERVATION_SERVICE_TIMEOUT_MS, assertionKey: config.INTERNAL_ASSERTION_KEY }),
    },
    RecordReservationChangeUseCase,
    EnsureReservationReplicaUseCase,
  ],
  exports: [EnsureReservationReplicaUseCase],
})
export class ReservationReplicaModule {}
