import { Inject, Injectable } from '@nestjs/common';
import { DomainError, ErrorCode } from '@concert/contracts';
import { assertTokenRoomIs, type Caller } from '@concert/platform';
import type { Reservation } from '../../domain/reservation';
import { CLOCK, type Clock } from '../ports/clock.port';
import { UNIT_OF_WORK, type UnitOfWork } from '../ports/reservation-unit-of-work.port';
import { holdCancelledEvent } from '../reservation-events';

export interface CancelHoldCommand {
  reservationId: string;
  /** The caller (the gateway's assertion); only the owner may cancel, with a queue token of the reservation's concert. */
  caller: Caller;
  requestId?: string;
}

/**
 * The owner releases a live hold: CANCELLED + HoldCancelled in one transaction. Refusals in the
 * contract's order: unknown (404), a queue token of another concert's room (403
 * QUEUE_TOKEN_WRONG_ROOM), another user's (403 RESERVATION_NOT_OWNED), no longer HELD (409).
 */
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
      assertTokenRoomIs(reservation.concertId, command.caller);
      const now = this.clock.now();
      const version = reservation.version;
      reservation.cancel(command.caller.userId, now);
      await tx.reservations.update(reservation, version);
      await tx.outbox.append(holdCancelledEvent(reservation, now, command.requestId));
      return reservation;
    });
  }
}
