import { Ctx, EventPattern, Payload } from '@nestjs/microservices';
import { type EventEnvelope, type PaymentCompleted, Topics } from '@concert/contracts';
import { type EventDelivery, SagaBatchContext, SagaConsumer, type SagaHandlerOptions, type TransactionScope } from '@concert/platform';
import { Counter, Histogram } from 'prom-client';
import {
  type ConfirmReservationCommand,
  type ConfirmReservationResult,
  ConfirmReservationUseCase,
} from '../../application/confirm-reservation/confirm-reservation.use-case';
import { TypeOrmUnitOfWork } from '../persistence/typeorm-unit-of-work';

/** The saga's latency: from the payment (paidAt) to its reservation CONFIRMED here. */
const paymentToConfirmed = new Histogram({
  name: 'saga_payment_to_confirmed_seconds',
  help: 'Time from a completed payment (paidAt) to its reservation being confirmed',
  buckets: [0.01, 0.025, 0.05, 0.1, 0.2, 0.3, 0.5, 1, 2, 5, 10, 30],
});
const confirmations = new Counter({
  name: 'saga_confirmations_total',
  help: 'Outcomes of PaymentCompleted events: CONFIRMED, FAILED (refund follows) or DUPLICATE',
  labelNames: ['outcome'] as const,
});

/**
 * payment.completed → the reservation CONFIRMED, or ReservationConfirmationFailed (refund). One
 * partition batch's confirmations at a time: the same use case for each, in three statements for
 * all (BatchedReservationTransaction); a single event is a batch of one.
 */
@SagaConsumer()
export class PaymentCompletedConsumer {
  constructor(
    private readonly unitOfWork: TypeOrmUnitOfWork,
    private readonly confirmReservation: ConfirmReservationUseCase,
  ) {}

  // Confirmations lock only their own reservation: safe to commit a partition's batch at once.
  @EventPattern(Topics.PaymentCompleted, { batched: true, batches: true } satisfies SagaHandlerOptions)
  async handle(@Payload() events: ReadonlyArray<EventEnvelope<PaymentCompleted>>, @Ctx() context: SagaBatchContext): Promise<void> {
    if (events.length === 0) return;
    const tx = this.unitOfWork.batchWithin(transactionOf(context));
    await tx.preload(events.map((event) => event.payload.reservationId));
    const results: ConfirmReservationResult[] = [];
    for (const [index, event] of events.entries()) results.push(await this.confirmReservation.execute(commandOf(event, context.deliveries[index]), tx));
    await tx.flush();
    events.forEach((event, index) => context.deliveries[index]?.afterCommit(() => count(event, results[index])));
  }
}

function transactionOf(context: SagaBatchContext): TransactionScope {
  if (!context.transaction) throw new Error('PaymentCompletedConsumer needs the postgres inbox transaction');
  return context.transaction;
}

function commandOf({ payload }: EventEnvelope<PaymentCompleted>, delivery: EventDelivery | undefined): ConfirmReservationCommand {
  return {
    paymentId: payload.paymentId,
    reservationId: payload.reservationId,
    userId: payload.userId,
    paidAt: new Date(payload.paidAt),
    queueTokenId: payload.queueTokenId,
    requestId: delivery?.requestId,
  };
}

function count({ payload }: EventEnvelope<PaymentCompleted>, result: ConfirmReservationResult | undefined): void {
  if (!result) return;
  confirmations.inc({ outcome: result.kind });
  if (result.kind === 'CONFIRMED') paymentToConfirmed.observe(Math.max(0, Date.now() - Date.parse(payload.paidAt)) / 1000);
}
