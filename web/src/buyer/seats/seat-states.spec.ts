import type { Reservation, Seat } from '../../api/buyer-api';
import { seatStates } from './seat-states';

const SCHEDULE = 'schedule-1';

function seat(seatNo: number, status: Seat['status']): Seat {
  return { seatNo, price: 80_000, status };
}

function reservation(seatNo: number, status: Reservation['status'], scheduleId = SCHEDULE): Reservation {
  return { reservationId: `r-${seatNo}`, userId: 'u', concertId: 'c', scheduleId, seatNo, price: 80_000, status, expiresAt: '2030-01-01T00:00:00Z' };
}

describe('seatStates', () => {
  it("shows the buyer's own holds and purchases as theirs, others' as held or sold", () => {
    const sut = seatStates([seat(3, 'HELD'), seat(1, 'AVAILABLE'), seat(2, 'HELD'), seat(4, 'SOLD'), seat(5, 'SOLD')], SCHEDULE, [reservation(2, 'HELD'), reservation(5, 'CONFIRMED')], new Set());

    expect(sut.map((shown) => [shown.seatNo, shown.state])).toEqual([
      [1, 'available'],
      [2, 'mine'],
      [3, 'held'],
      [4, 'sold'],
      [5, 'mine'],
    ]);
  });

  it('shows a seat a refused hold said is taken as held before the seat map catches up', () => {
    const sut = seatStates([seat(7, 'AVAILABLE')], SCHEDULE, [], new Set([7]));

    expect(sut[0]?.state).toBe('held');
  });

  it("ignores the buyer's ended reservations and those of other dates", () => {
    const sut = seatStates([seat(1, 'AVAILABLE'), seat(2, 'HELD')], SCHEDULE, [reservation(1, 'EXPIRED'), reservation(2, 'HELD', 'another-schedule')], new Set());

    expect(sut.map((shown) => shown.state)).toEqual(['available', 'held']);
  });
});
