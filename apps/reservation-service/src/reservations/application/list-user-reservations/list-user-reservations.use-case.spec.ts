import { ReservationStatus } from '../../domain/reservation-status';
import { FakeClock, InMemoryReservations } from '../testing/in-memory-reservations.fixture';
import { heldReservation, T0, USER_A, USER_B } from '../testing/reservation-fixtures.fixture';
import { ListUserReservationsUseCase } from './list-user-reservations.use-case';

describe('ListUserReservationsUseCase', () => {
  it('lists only the user’s reservations, newest first, with derived statuses', async () => {
    const store = new InMemoryReservations();
    store.givenReservation(heldReservation({ id: 'r-old', userId: USER_A, seatNo: 1, heldAt: T0, holdSeconds: 60 }));
    store.givenReservation(heldReservation({ id: 'r-new', userId: USER_A, seatNo: 2, heldAt: new Date(T0.getTime() + 30_000) }));
    store.givenReservation(heldReservation({ id: 'r-other', userId: USER_B, seatNo: 3 }));
    const sut = new ListUserReservationsUseCase(store, new FakeClock(new Date(T0.getTime() + 90_000)));

    const list = await sut.execute({ userId: USER_A });

    expect(list.map((view) => [view.reservationId, view.status])).toEqual([
      ['r-new', ReservationStatus.HELD],
      ['r-old', ReservationStatus.EXPIRED],
    ]);
  });

  it('returns the newest `limit` reservations', async () => {
    const store = new InMemoryReservations();
    for (let seatNo = 1; seatNo <= 3; seatNo++) {
      store.givenReservation(heldReservation({ id: `r-${seatNo}`, userId: USER_A, seatNo, heldAt: new Date(T0.getTime() + seatNo * 1_000) }));
    }
    const sut = new ListUserReservationsUseCase(store, new FakeClock(T0));

    await expect(sut.execute({ userId: USER_A, limit: 2 }).then((list) => list.map((view) => view.reservationId))).resolves.toEqual(['r-3', 'r-2']);
  });

  it('answers an empty list for a user without reservations', async () => {
    const sut = new ListUserReservationsUseCase(new InMemoryReservations(), new FakeClock(T0));

    await expect(sut.execute({ userId: USER_B })).resolves.toEqual([]);
  });
});
