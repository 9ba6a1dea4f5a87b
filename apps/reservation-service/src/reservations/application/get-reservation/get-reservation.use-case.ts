import { Inject, Injectable } from '@nestjs/common';
import { DomainError, ErrorCode } from '@concert/contracts';
import { CLOCK, type Clock } from '../ports/clock.port';
import { RESERVATION_QUERIES, type ReservationQueries } from '../ports/reservation-unit-of-work.port';
import { type ReservationView, viewOf } from '../reservation-view';

export interface GetReservationQuery {
  reservationId: string;
  /** The caller: another user's reservation reads as if it did not exist. Null for a service's own read. */
  userId: string | null;
}

@Injectable()
export class GetReservationUseCase {
  constructor(
    @Inject(RESERVATION_QUERIES) private readonly queries: ReservationQueries,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  async execute(query: GetReservationQuery): Promise<ReservationView> {
    const reservation = await this.queries.findById(query.reservationId);
    if (!reservation || (query.userId !== null && reservation.userId !== query.userId)) throw new DomainError(ErrorCode.RESERVATION_NOT_FOUND, `Reservation ${query.reservationId} does not exist`);
    return viewOf(reservation, this.clock.now());
  }
}
