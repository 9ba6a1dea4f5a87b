import type { Caller } from '@concert/platform';
import type { CatalogSchedule } from '../../domain/catalog-schedule';
import { Reservation } from '../../domain/reservation';

export const T0 = new Date('2030-03-01T12:00:00.000Z');
export const USER_A = 'aaaaaaaa-aaaa-4aaa-8aaa-aaaaaaaaaaaa';
export const USER_B = 'bbbbbbbb-bbbb-4bbb-8bbb-bbbbbbbbbbbb';
export const CONCERT_ID = 'cccccccc-cccc-4ccc-8ccc-cccccccccccc';
export const SCHEDULE_ID = 'dddddddd-dddd-4ddd-8ddd-dddddddddddd';
export const PAYMENT_ID = 'eeeeeeee-eeee-4eee-8eee-eeeeeeeeeeee';

export const OTHER_CONCERT_ID = 'cccccccc-0000-4ccc-8ccc-000000000000';

/** A signed-in caller, with a queue token of `queueConcertId`'s waiting room when given (protected routes). */
export function callerFor(userId: string, queueConcertId: string | null = null): Caller {
  return { userId, queueTokenId: queueConcertId === null ? null : `token-of-${userId}`, queueConcertId };
}

/** A schedule with seats 1..10 at 80,000 won, seat 1 at 120,000. */
export function scheduleWithTenSeats(): CatalogSchedule {
  return {
    scheduleId: SCHEDULE_ID,
    concertId: CONCERT_ID,
    startsAt: new Date('2030-04-01T10:00:00.000Z'),
    seats: Array.from({ length: 10 }, (_, index) => ({ seatNo: index + 1, price: index === 0 ? 120_000 : 80_000 })),
  };
}

export function heldReservation(overrides: { id: string; userId?: string; seatNo?: number; heldAt?: Date; holdSeconds?: number }): Reservation {
  return Reservation.hold({
    id: overrides.id,
    userId: overrides.userId ?? USER_A,
    concertId: CONCERT_ID,
    scheduleId: SCHEDULE_ID,
    seatNo: overrides.seatNo ?? 5,
    price: 80_000,
    now: overrides.heldAt ?? T0,
    holdSeconds: overrides.holdSeconds ?? 300,
  });
}
