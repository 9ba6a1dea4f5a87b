import { Topics } from '@concert/contracts';
import { ReservationStatus } from '../../domain/reservation-status';
import { FakeClock, InMemoryReservations } from '../testing/in-memory-reservations.fixture';
import { heldReservation, T0 } from '../testing/reservation-fixtures.fixture';
import { ExpireOverdueHoldsUseCase } from './expire-overdue-holds.use-case';

describe('ExpireOverdueHoldsUseCase', () => {
  let store: InMemoryReservations;
  let clock: FakeClock;
  let sut: ExpireOverdueHoldsUseCase;

  beforeEach(() => {
    store = new InMemoryReservations();
    // Holds running out at T0+60 s, T0+120 s, T0+180 s.
    for (const [index, seconds] of [60, 120, 180].entries()) {
      store.givenReservation(heldReservation({ id: `r-${index + 1}`, seatNo: index + 1, holdSeconds: seconds }));
    }
    clock = new FakeClock(T0);
    sut = new ExpireOverdueHoldsUseCase(store, clock);
  });

  it('expires nothing while every hold still runs', async () => {
    clock.set(new Date(T0.getTime() + 59_999));

    await expect(sut.execute({ limit: 500 })).resolves.toBe(0);
    expect(store.events).toEqual([]);
  });

  it('expires exactly the holds whose time ran out, with a HoldExpired each', async () => {
    clock.set(new Date(T0.getTime() + 120_000));

    await expect(sut.execute({ limit: 500 })).resolves.toBe(2);

    expect(store.reservations.map((props) => [props.id, props.status, props.version])).toEqual([
      ['r-1', ReservationStatus.EXPIRED, 2],
      ['r-2', ReservationStatus.EXPIRED, 2],
      ['r-3', ReservationStatus.HELD, 1],
    ]);
    expect(store.events.map((event) => [event.topic, event.key])).toEqual([
      [Topics.HoldExpired, 'r-1'],
      [Topics.HoldExpired, 'r-2'],
    ]);
    expect(store.events[0]?.payload).toMatchObject({ expiredAt: new Date(T0.getTime() + 60_000).toISOString(), version: 2 });
  });

  it('takes at most `limit` holds per sweep, the oldest expiry first, and the rest next time', async () => {
    clock.advanceSeconds(3_600);

    await expect(sut.execute({ limit: 2 })).resolves.toBe(2);
    expect(store.events.map((event) => event.key)).toEqual(['r-1', 'r-2']);
    await expect(sut.execute({ limit: 2 })).resolves.toBe(1);
    await expect(sut.execute({ limit: 2 })).resolves.toBe(0);
    expect(store.events).toHaveLength(3);
  });

  it('leaves confirmed and cancelled reservations alone', async () => {
    store.givenReservation(
      (() => {
        const paid = heldReservation({ id: 'r-paid', seatNo: 7, holdSeconds: 10 });
        paid.confirm('p', T0, T0);
        return paid;
      })(),
    );
    clock.advanceSeconds(3_600);

    await expect(sut.execute({ limit: 500 })).resolves.toBe(3);
    expect(store.reservations.find((props) => props.id === 'r-paid')?.status).toBe(ReservationStatus.CONFIRMED);
  });
});
