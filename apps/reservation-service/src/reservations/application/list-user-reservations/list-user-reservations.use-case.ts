import { MAX_LIST_LIMIT } from '@concert/contracts';
import { Inject, Injectable } from '@nestjs/common';
import { CLOCK, type Clock } from '../ports/clock.port';
import { RESERVATION_QUERIES, type ReservationQueries } from '../ports/reservation-unit-of-work.port';
import { type ReservationView, viewOf } from '../reservation-view';

export interface ListUserReservationsQuery {
  userId: string;
  /** Most reservations returned (the newest); MAX_LIST_LIMIT when absent. */
  limit?: number;
}

/** A user's reservations, newest first (an unknown user simply has none). */
@Injectable()
export class ListUserReservationsUseCase {
  constructor(
    @Inject(RESERVATION_QUERIES) private readonly queries: ReservationQueries,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  async execute(query: ListUserReservationsQuery): Promise<ReservationView[]> {
    const now = this.clock.now();
    return (await this.queries.listByUser(query.userId, query.limit ?? MAX_LIST_LIMIT)).map((reservation) => viewOf(reservation, now));
  }
}
