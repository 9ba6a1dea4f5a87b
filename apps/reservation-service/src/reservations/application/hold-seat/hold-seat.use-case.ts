import { Inject, Injectable } from '@nestjs/common';
import { DomainError, ErrorCode } from '@concert/contracts';
import { assertTokenRoomIs, type Caller } from '@concert/platform';
import { HOLD_POLICY, type HoldPolicy } from '../../domain/hold-policy';
import { Reservation } from '../../domain/reservation';
import { CLOCK, type Clock } from '../ports/clock.port';
import { ID_GENERATOR, type IdGenerator } from '../ports/id-generator.port';
import { RESERVATION_QUERIES, type ReservationQueries, UNIT_OF_WORK, type UnitOfWork } from '../ports/reservation-unit-of-work.port';
import { holdExpiredEvent, seatHeldEvent } from '../reservation-events';

export interface HoldSeatCommand {
  /** The caller (the gateway's assertion): the hold is theirs, made with their queue token's room. */
  caller: Caller;
  scheduleId: string;
  seatNo: number;
  requestId?: string;
}

/**
 * Holds a seat for a user.
 *
 * 1. One read, no transaction: unknown schedule → 404; a queue token of another concert's room
 *    than the schedule's → 403 QUEUE_TOKEN_WRONG_ROOM; unknown seat → 404; a schedule that has started → 409
 *    SCHEDULE_CLOSED; a seat occupied right now → 409 at once (under contention this is how nearly every loser is answered: no transaction, no lock).
 * 2. One transaction: the user's lock (exact hold limit), the seat's overdue hold (if any) turned
 *    EXPIRED with its event — so an expired hold frees the seat at once, sweeper or not — the
 *    limit, then the insert through the configured strategy. The partial unique index under it is
 *    the last word on double holds.
 */
@Injectable()
export class HoldSeatUseCase {
  constructor(
    @Inject(UNIT_OF_WORK) private readonly unitOfWork: UnitOfWork,
    @Inject(RESERVATION_QUERIES) private readonly queries: ReservationQueries,
    @Inject(CLOCK) private readonly clock: Clock,
    @Inject(ID_GENERATOR) private readonly ids: IdGenerator,
    @Inject(HOLD_POLICY) private readonly policy: HoldPolicy,
  ) {}

  async execute(command: HoldSeatCommand): Promise<Reservation> {
    const { userId } = command.caller;
    const seat = await this.queries.findSeatForHold(command.scheduleId, command.seatNo, this.clock.now());
    if (seat.kind === 'SCHEDULE_NOT_FOUND') throw new DomainError(ErrorCode.SCHEDULE_NOT_FOUND, `Schedule ${command.scheduleId} does not exist`);
    assertTokenRoomIs(seat.kind === 'FOUND' ? seat.seat.concertId : seat.concertId, command.caller);
    switch (seat.kind) {
      case 'SEAT_NOT_FOUND':
        throw new DomainError(ErrorCode.SEAT_NOT_FOUND, `Schedule ${command.scheduleId} has no seat ${command.seatNo}`);
      case 'SCHEDULE_STARTED':
        throw new DomainError(ErrorCode.SCHEDULE_CLOSED, `Schedule ${command.scheduleId} started at ${seat.startsAt.toISOString()}; its seats are no longer sold`);
      case 'FOUND':
        // Also answers "you already hold this seat" (the insert below would too).
        if (seat.occupied && this.policy.refuseOccupiedEarly) throw seatUnavailable(command.seatNo);
        break;
    }

    return this.unitOfWork.run(async (tx) => {
      const now = this.clock.now();
      const limited = this.policy.maxLiveHoldsPerUser > 0;
      // Taken before anything is read about the user's holds, so two of their requests on two
      // instances cannot both see "3 of 4" and both insert.
      if (limited) await tx.lockUser(userId);

      for (const expired of await tx.reservations.expireOverdueHoldOnSeat(command.scheduleId, command.seatNo, now)) {
        await tx.outbox.append(holdExpiredEvent(expired, now, command.requestId));
      }

      if (limited && (await tx.reservations.countLiveHolds(userId, now)) >= this.policy.maxLiveHoldsPerUser) {
        throw new DomainError(
          ErrorCode.HOLD_LIMIT_REACHED,
          `You already hold ${this.policy.maxLiveHoldsPerUser} seats; pay for or cancel one first`,
        );
      }

      const reservation = Reservation.hold({
        id: this.ids.next(),
        userId,
        concertId: seat.seat.concertId,
        scheduleId: command.scheduleId,
        seatNo: command.seatNo,
        price: seat.seat.price,
        now,
        holdSeconds: this.policy.holdSeconds,
      });
      if ((await tx.reservations.insertHold(reservation, now)) === 'SEAT_TAKEN') throw seatUnavailable(command.seatNo);
      await tx.outbox.append(seatHeldEvent(reservation, now, command.requestId));
      return reservation;
    });
  }
}

function seatUnavailable(seatNo: number): DomainError {
  return new DomainError(ErrorCode.SEAT_UNAVAILABLE, `Seat ${seatNo} is held or sold`);
}
