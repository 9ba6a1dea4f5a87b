import { Inject, Logger } from '@nestjs/common';
import { Ctx, EventPattern, Payload } from '@nestjs/microservices';
import { type EventEnvelope, type ReservationConfirmationFailed, Topics } from '@concert/contracts';
import { SagaConsumer, SagaContext } from '@concert/platform';
import { UNIT_OF_WORK, type UnitOfWork } from '../../shared/application/unit-of-work';
import { refundsTotal } from '../../shared/infrastructure/payment-service.metrics';
import { RefundPaymentUseCase } from '../application/refund-payment/refund-payment.use-case';

/** The saga's compensation: a payment that lost the race against the hold's expiry is refunded. */
@SagaConsumer()
export class ReservationConfirmationFailedConsumer {
  private readonly logger = new Logger(ReservationConfirmationFailedConsumer.name);

  constructor(
    @Inject(UNIT_OF_WORK) private readonly unitOfWork: UnitOfWork,
    private readonly refundPayment: RefundPaymentUseCase,
  ) {}

  @EventPattern(Topics.ReservationConfirmationFailed)
  async handle(@Payload() { payload }: EventEnvelope<ReservationConfirmationFailed>, @Ctx() context: SagaContext): Promise<void> {
    // Through the inbox transaction: refund, ledger entry, PaymentRefunded and the inbox row commit together.
    const outcome = await this.refundPayment.execute(
      { paymentId: payload.paymentId, reservationId: payload.reservationId, reason: payload.reason, requestId: context.requestId },
      this.unitOfWork.within(context.transaction),
    );
    if (outcome === 'UNKNOWN_PAYMENT') this.logger.warn(`No payment ${payload.paymentId} to refund (reservation ${payload.reservationId})`);
    refundsTotal.inc({ outcome });
  }
}
