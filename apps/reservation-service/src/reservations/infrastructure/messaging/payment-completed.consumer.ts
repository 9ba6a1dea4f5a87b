import { Injectable, type OnModuleInit } from '@nestjs/common';
import { type EventEnvelope, type PaymentCompleted, Topics } from '@concert/contracts';
import { EventConsumerHost, type EventContext, type EventHandler } from '@concert/platform';
import { ConfirmReservationUseCase } from '../../application/confirm-reservation/confirm-reservation.use-case';
import { TypeOrmUnitOfWork } from '../persistence/typeorm-unit-of-work';

/** payment.completed → the reservation CONFIRMED, or ReservationConfirmationFailed (refund). */
@Injectable()
export class PaymentCompletedConsumer implements OnModuleInit, EventHandler<typeof Topics.PaymentCompleted> {
  readonly topic = Topics.PaymentCompleted;

  constructor(
    private readonly host: EventConsumerHost,
    private readonly unitOfWork: TypeOrmUnitOfWork,
    private readonly confirmReservation: ConfirmReservationUseCase,
  ) {}

  onModuleInit(): void {
    this.host.register(this);
  }

  async handle(event: EventEnvelope<PaymentCompleted>, context: EventContext): Promise<void> {
    if (!context.manager) throw new Error('PaymentCompletedConsumer needs the postgres inbox transaction');
    const { payload } = event;
    // Through the inbox transaction: the confirmation, its event and the inbox row commit together.
    await this.confirmReservation.execute(this.unitOfWork.within(context.manager), {
      paymentId: payload.paymentId,
      reservationId: payload.reservationId,
      userId: payload.userId,
      paidAt: new Date(payload.paidAt),
      requestId: context.requestId,
    });
  }
}
