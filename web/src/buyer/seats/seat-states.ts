import type { Reservation, Seat } from '../../api/buyer-api';

/** A seat as the buyer sees it: their own holds and purchases apart from everyone else's. */
export type SeatState = 'available' | 'held' | 'sold' | 'mine';

export interface ShownSeat {
  seatNo: number;
  price: number;
  state: SeatState;
}

/**
 * The map to show: each seat of the seat map, `mine` where the buyer holds it or bought it (their
 * own reservations of this schedule), `held` where a hold just refused told us someone else took
 * it before the seat map has caught up (seat map views may lag by up to a second).
 */
export function seatStates(seats: readonly Seat[], scheduleId: string, mine: readonly Reservation[], takenByOthers: ReadonlySet<number>): ShownSeat[] {
  const own = new Set(mine.filter((reservation) => reservation.scheduleId === scheduleId && (reservation.status === 'HELD' || reservation.status === 'CONFIRMED')).map((reservation) => reservation.seatNo));
  return [...seats]
    .sort((a, b) => a.seatNo - b.seatNo)
    .map((seat) => {
      let state: SeatState;
      if (own.has(seat.seatNo)) state = 'mine';
      else if (seat.status === 'SOLD') state = 'sold';
      else if (seat.status === 'HELD' || takenByOthers.has(seat.seatNo)) state = 'held';
      else state = 'available';
      return { seatNo: seat.seatNo, price: seat.price, state };
    });
}
