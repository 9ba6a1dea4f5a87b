import { Inject, Injectable } from '@nestjs/common';
import { Topics } from '@concert/contracts';
import type { Repositories } from '../../../shared/application/unit-of-work';
import { CLOCK, type Clock } from '../../../shared/domain/clock';

export type ConfirmationFailureReason = 'EXPIRED' | 'CANCELLED' | 'ALREADY_CONFIRMED' | 'NOT_FOUND';

export interface RefundPaymentCommand {
  paymentId: string;
  reservationId: string;
  reason: ConfirmationFailureReason;
  requestId?: string;
}

export type RefundOutcome = 'REFUNDED' | 'ALREADY_REFUNDED' | 'UNKNOWN_PAYMENT';

/**
 * The saga's compensation: reservation-service could not confirm a paid reservation (the hold
 * ran out first, or was cancelled), so the money goes back. Runs inside the caller's transaction
 * (the consumer's inbox transaction); refunds a payment at most once.
 */
@Injectable()
export class RefundPaymentUseCase {
  constructor(@Inject(CLOCK) private readonly clock: Clock) {}

  async execute(command: RefundPaymentCommand, tx: Repositories): Promise<RefundOutcome> {
    const payment = await tx.payments.lock(command.paymentId);
    if (!payment) return 'UNKNOWN_PAYMENT';
    const now = this.clock.now();
    const refunded = payment.refund(now);
    if (!refunded || !(await tx.payments.saveRefund(refunded))) return 'ALREADY_REFUNDED';
    // Reservation before wallet: the order a payment takes its locks in.
    const deadStatus = deadStatusFor(command.reason);
    const reservation = deadStatus ? await tx.reservations.lock(refunded.reservationId) : null;
    const dead = deadStatus && reservation ? reservation.markDead(deadStatus) : null;
    if (dead) await tx.reservations.save(dead);
    if (refunded.amount > 0) {
      const balance = await tx.wallets.refund(refunded.userId, refunded.amount, now);
      await tx.ledger.append({
        userId: refunded.userId,
        type: 'REFUND',
        amount: refunded.amount,
        balanceAfter: balance,
        reference: refunded.id,
      });
    }
    await tx.outbox.append({
      topic: Topics.PaymentRefunded,
      key: refunded.reservationId,
      payload: {
        paymentId: refunded.id,
        reservationId: refunded.reservationId,
        userId: refunded.userId,
        amount: refunded.amount,
        refundedAt: now.toISOString(),
        reason: command.reason,
      },
      occurredAt: now,
      requestId: command.requestId,
    });
    return 'REFUNDED';
  }
}

/** What the failure says about the reservation: it can never be paid again, except when it is already confirmed. */
function deadStatusFor(reason: ConfirmationFailureReason): 'EXPIRED' | 'CANCELLED' | null {
  switch (reason) {
    case 'EXPIRED':
    case 'NOT_FOUND':
      return 'EXPIRED';
    case 'CANCELLED':
      return 'CANCELLED';
    case 'ALREADY_CONFIRMED':
      return null;
  }
}
