import { Inject, Injectable } from '@nestjs/common';
import { CLOCK, type Clock } from '../ports/clock.port';
import { UNIT_OF_WORK, type UnitOfWork } from '../ports/reservation-unit-of-work.port';
import { holdExpiredEvent } from '../reservation-events';

export interface ExpireOverdueHoldsCommand {
  /** Most holds expired in one transaction. */
  limit: number;
}

/**
 * One sweep: overdue holds become EXPIRED and their HoldExpired events are written in the same
 * transaction. Rows locked by another sweeper (or a hold, cancel or confirmation) are skipped,
 * so any number of instances can sweep at once without waiting on each other.
 */
@Injectable()
export class ExpireOverdueHoldsUseCase {
  constructor(
    @Inject(UNIT_OF_WORK) private readonly unitOfWork: UnitOfWork,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  /** Returns how many holds this sweep expired. */
  async execute(command: ExpireOverdueHoldsCommand): Promise<number> {
    return this.unitOfWork.run(async (tx) => {
      const now = this.clock.now();
      const expired = await tx.reservations.expireOverdueHolds(now, command.limit);
      for (const reservation of expired) await tx.outbox.append(holdExpiredEvent(reservation, now));
      return expired.length;
    });
  }
}
