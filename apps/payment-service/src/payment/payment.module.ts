import { Module } from '@nestjs/common';
import { IdempotencyModule } from '../idempotency/idempotency.module';
import { ReservationReplicaModule } from '../reservation-replica/reservation-replica.module';
import { PaymentsController } from './api/payments.controller';
import { GetPaymentUseCase } from './application/get-payment/get-payment.use-case';
import { ListUserPaymentsUseCase } from './application/list-user-payments/list-user-payments.use-case';
import { PayReservationUseCase } from './application/pay-reservation/pay-reservation.use-case';
import { RefundPaymentUseCase } from './application/refund-payment/refund-payment.use-case';
import { ReservationConfirmationFailedConsumer } from './infrastructure/reservation-confirmation-failed.consumer';

/** Payments of reservations and their refunds (the saga's compensation). */
@Module({
  imports: [IdempotencyModule, ReservationReplicaModule],
  controllers: [PaymentsController, ReservationConfirmationFailedConsumer],
  providers: [PayReservationUseCase, RefundPaymentUseCase, GetPaymentUseCase, ListUserPaymentsUseCase],
})
export class PaymentModule {}
