import { Inject, Injectable } from '@nestjs/common';
import type { ConfirmationOutcome } from '../../domain/reservation';
import { CLOCK, type Clock } from '../ports/clock.port';
import type { ReservationTransaction } from '../ports/reservation-unit-of-work.port';
import {
  confirmationFailedEvent,
  holdExpiredEvent,
  reservationConfirmedEvent,
  unknownReservationFailedEvent,
} from '../reservation-events';

export interface ConfirmReservationCommand {
  paymentId: string;
  reservationId: string;
  userId: string;
  paidAt: Date;
  /** The queue token the payment was made with: passed on in ReservationConfirmed (queue-service expires it). */
  queueTokenId: string | null;
  requestId?: string;
}

export type ConfirmReservationResult = ConfirmationOutcome | { kind: 'FAILED'; reason: 'NOT_FOUND'; expired: false };

/**
 * A payment completed: the reservation becomes CONFIRMED when it is still HELD and was paid before
 * its hold ran out; otherwise ReservationConfirmationFailed tells payment-service to refund.
 * Runs in the caller's transaction (the inbox transaction of the PaymentCompleted consumer), so a
 * redelivered event changes nothing.
 */
@Injectable()
export class ConfirmReservationUseCase {
  constructor(@Inject(CLOCK) private readonly clock: Clock) {}

  async execute(command: ConfirmReservationCommand, tx: ReservationTransaction): Promise<ConfirmReservationResult> {
    const now = this.clock.now();
    const reservation = await tx.reservations.findById(command.reservationId, { forUpdate: true });
    if (!reservation) {
      await tx.outbox.append(unknownReservationFailedEvent(command, now, command.requestId));
      return { kind: 'FAILED', reason: 'NOT_FOUND', expired: false };
    }
    const version = reservation.version;
    const outcome = reservation.confirm(command.paymentId, command.paidAt, now);
    switch (outcome.kind) {
      case 'DUPLICATE':
        return outcome;
      case 'CONFIRMED':
        await tx.reservations.update(reservation, version);
        await tx.outbox.append(reservationConfirmedEvent(reservation, command, now, command.requestId));
        return outcome;
      case 'FAILED':
        if (outcome.expired) {
          await tx.reservations.update(reservation, version);
          await tx.outbox.append(holdExpiredEvent(reservation, now, command.requestId));
        }
        await tx.outbox.append(confirmationFailedEvent(reservation, command.paymentId, outcome.reason, now, command.requestId));
        return outcome;
    }
  }
}
