import { Inject, Injectable } from '@nestjs/common';
import { DomainError, ErrorCode, Topics } from '@concert/contracts';
import { assertTokenRoomIs } from '@concert/platform';
import { IdempotencyKeys } from '../../../idempotency/application/idempotency-keys';
import { EnsureReservationReplicaUseCase } from '../../../reservation-replica/application/ensure-reservation-replica/ensure-reservation-replica.use-case';
import { UNIT_OF_WORK, type UnitOfWork } from '../../../shared/application/unit-of-work';
import { CLOCK, type Clock } from '../../../shared/domain/clock';
import { ID_GENERATOR, type IdGenerator } from '../../../shared/domain/id-generator';
import { Payment } from '../../domain/payment';
import { type PaymentView, paymentViewOf } from '../payment-view';

export interface PayReservationCommand {
  /** The caller (the queue token's user, as the gateway forwards it). */
  userId: string;
  reservationId: string;
  /** The queue token the payment is made with: queue-service expires it once the payment completes. */
  queueTokenId: string | null;
  /** The concert whose waiting room that token is for: a reservation of another concert is refused. */
  queueConcertId: string | null;
  idempotencyKey?: string;
  requestId?: string;
}

export interface PayReservationResult {
  view: PaymentView;
  replayed: boolean;
}

export const PAYMENT_SUCCESS_STATUS = 201;

@Injectable()
export class PayReservationUseCase {
  constructor(
    @Inject(UNIT_OF_WORK) private readonly unitOfWork: UnitOfWork,
    private readonly idempotencyKeys: IdempotencyKeys,
    private readonly ensureReplica: EnsureReservationReplicaUseCase,
    @Inject(CLOCK) private readonly clock: Clock,
    @Inject(ID_GENERATOR) private readonly ids: IdGenerator,
  ) {}

  async execute(command: PayReservationCommand): Promise<PayReservationResult> {
    const { userId, reservationId } = command;
    const outcome = await this.idempotencyKeys.run(
      command.idempotencyKey === undefined
        ? undefined
        : { scope: { userId, endpoint: 'POST /payments', key: command.idempotencyKey }, request: { reservationId } },
      async (lease) => {
        // Outside the transaction: a synchronous call to reservation-service must not hold locks.
        await this.ensureReplica.execute({ reservationId, requestId: command.requestId });
        return this.unitOfWork.transaction(async (tx) => {
          // The row lock makes every payment of one reservation wait for the one before it.
          const reservation = await tx.reservations.lock(reservationId);
          if (!reservation) throw new DomainError(ErrorCode.RESERVATION_NOT_FOUND, `Reservation ${reservationId} does not exist`);
          // After existence, before ownership: a token of another concert's room pays for nothing.
          if (reservation.concertId !== null) assertTokenRoomIs(reservation.concertId, command);
          const now = this.clock.now();
          const { amount } = reservation.assertPayableBy(userId, now);
          const balance = amount > 0 ? await tx.wallets.debit(userId, amount, now) : null;
          if (amount > 0 && balance === null) {
            throw new DomainError(ErrorCode.INSUFFICIENT_BALANCE, `The balance does not cover the price of ${amount} won`);
          }
          // The debit is the last statement whose answer matters: the writes from here on are held
          // back and sent as one statement, before the idempotency key's update or the commit
          // (UnitOfWork.transaction). The unique reservation id backs the lock up: a reservation is
          // paid at most once.
          const payment = Payment.complete({ id: this.ids.newId(), reservationId, userId, amount, paidAt: now });
          await tx.payments.add(payment);
          if (balance !== null) {
            await tx.ledger.append({ userId, type: 'PAYMENT', amount, balanceAfter: balance, reference: payment.id });
          }
          await tx.reservations.save(reservation.markPaid());
          await tx.outbox.append({
            topic: Topics.PaymentCompleted,
            key: reservationId,
            payload: {
              paymentId: payment.id,
              reservationId,
              userId,
              amount,
              paidAt: now.toISOString(),
              queueTokenId: command.queueTokenId,
            },
            occurredAt: now,
            requestId: command.requestId,
          });
          const view = paymentViewOf(payment);
          await this.idempotencyKeys.complete(tx, lease, { status: PAYMENT_SUCCESS_STATUS, body: view });
          return view;
        });
      },
    );
    return outcome.kind === 'REPLAY'
      ? { view: outcome.response.body as PaymentView, replayed: true }
      : { view: outcome.result, replayed: false };
  }
}
