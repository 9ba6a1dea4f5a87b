import { Inject, Injectable, Logger, type OnModuleInit } from '@nestjs/common';
import { type EventEnvelope, type ReservationConfirmationFailed, Topics } from '@concert/contracts';
import { type EventContext, EventConsumerHost, type EventHandler } from '@concert/platform';
import { UNIT_OF_WORK, type UnitOfWork } from '../../shared/application/unit-of-work';
import { refundsTotal } from '../../shared/infrastructure/payment-service.metrics';
import { RefundPaymentUseCase } from '../application/refund-payment/refund-payment.use-case';

/** The saga's compensation: a payment that lost the race against the hold's expiry is refunded. */
@Injectable()
export class ReservationConfirmationFailedConsumer implements OnModuleInit, EventHandler<typeof Topics.ReservationConfirmationFailed> {
  readonly topic = Topics.ReservationConfirmationFailed;
  private readonly logger = new Logger(ReservationConfirmationFailedConsumer.name);

  constructor(
    private readonly host: EventConsumerHost,
    @Inject(UNIT_OF_WORK) private readonly unitOfWork: UnitOfWork,
    private readonly refundPayment: RefundPaymentUseCase,
  ) {}

  onModuleInit(): void {
    this.host.register(this);
  }

  async handle({ payload }: EventEnvelope<ReservationConfirmationFailed>, context: EventContext): Promise<void> {
    // Through the inbox transaction: refund, ledger entry, PaymentRefunded and the inbox row commit together.
    const outcome = await this.refundPayment.execute(
      { paymentId: payload.paymentId, reservationId: payload.reservationId, reason: payload.reason, requestId: context.requestId },
      this.unitOfWork.within(context.manager),
    );
    if (outcome === 'UNKNOWN_PAYMENT') this.logger.warn(`No payment ${payload.paymentId} to refund (reservation ${payload.reservationId})`);
    refundsTotal.inc({ outcome });
  }
}
