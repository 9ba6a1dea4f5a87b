import { Inject, Injectable } from '@nestjs/common';
import { DomainError, ErrorCode } from '@concert/contracts';
import type { Reservation } from '../../domain/reservation';
import { CLOCK, type Clock } from '../ports/clock.port';
import { UNIT_OF_WORK, type UnitOfWork } from '../ports/reservation-unit-of-work.port';
import { holdCancelledEvent } from '../reservation-events';

export interface CancelHoldCommand {
  reservationId: string;
  /** The caller (the gateway's assertion); only the owner may cancel. */
  userId: string;
  requestId?: string;
}

/** The owner releases a live hold: CANCELLED + HoldCancelled in one transaction. */
@Injectable()
export class CancelHoldUseCase {
  constructor(
    @Inject(UNIT_OF_WORK) private readonly unitOfWork: UnitOfWork,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  async execute(command: CancelHoldCommand): Promise<Reservation> {
    return this.unitOfWork.run(async (tx) => {
      // The row lock orders this against the sweeper, a payment confirmation and a second cancel.
      const reservation = await tx.reservations.findById(command.reservationId, { forUpdate: true });
      if (!reservation) {
        throw new DomainError(ErrorCode.RESERVATION_NOT_FOUND, `Reservation ${command.reservationId} does not exist`);
      }
      const now = this.clock.now();
      const version = reservation.version;
      reservation.cancel(command.userId, now);
      await tx.reservations.update(reservation, version);
      await tx.outbox.append(holdCancelledEvent(reservation, now, command.requestId));
      return reservation;
    });
  }
}
