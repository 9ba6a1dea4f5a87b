import { Injectable, type OnModuleInit } from '@nestjs/common';
import { type EventEnvelope, type PaymentCompleted, Topics } from '@concert/contracts';
import { EventConsumerHost, type EventContext, type EventHandler, type HandledEvent } from '@concert/platform';
import type { EntityManager } from 'typeorm';
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
    // Confirmations lock only their own reservation: safe to commit a partition's batch at once.
    this.host.register(this, { batched: true });
  }

  async handle(event: EventEnvelope<PaymentCompleted>, context: EventContext): Promise<void> {
    // Through the inbox transaction: the confirmation, its event and the inbox row commit together.
    const result = await this.confirmReservation.execute(this.unitOfWork.within(managerOf(context)), commandOf(event, context));
    countAfterCommit(event, context, result);
  }

  /** A partition batch's confirmations: the same use case for each, in three statements for all (BatchedReservationTransaction). */
  async handleBatch(events: ReadonlyArray<HandledEvent<typeof Topics.PaymentCompleted>>): Promise<void> {
    const [first] = events;
    if (!first) return;
    const tx = this.unitOfWork.batchWithin(managerOf(first.context));
    await tx.preload(events.map(({ event }) => event.payload.reservationId));
    const results: ConfirmReservationResult[] = [];
    for (const { event, context } of events) results.push(await this.confirmReservation.execute(tx, commandOf(event, context)));
    await tx.flush();
    events.forEach(({ event, context }, index) => countAfterCommit(event, context, results[index]));
  }
}

function managerOf(context: EventContext): EntityManager {
  if (!context.manager) throw new Error('PaymentCompletedConsumer needs the postgres inbox transaction');
  return context.manager;
}

function commandOf({ payload }: EventEnvelope<PaymentCompleted>, context: EventContext): ConfirmReservationCommand {
  return {
    paymentId: payload.paymentId,
    reservationId: payload.reservationId,
    userId: payload.userId,
    paidAt: new Date(payload.paidAt),
    queueTokenId: payload.queueTokenId,
    requestId: context.requestId,
  };
}

function countAfterCommit({ payload }: EventEnvelope<PaymentCompleted>, context: EventContext, result: ConfirmReservationResult): void {
  context.afterCommit(() => {
    confirmations.inc({ outcome: result.kind });
    if (result.kind === 'CONFIRMED') paymentToConfirmed.observe(Math.max(0, Date.now() - Date.parse(payload.paidAt)) / 1000);
  });
}
