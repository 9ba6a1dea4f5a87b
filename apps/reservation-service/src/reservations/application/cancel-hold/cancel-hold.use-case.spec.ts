import { ErrorCode, Topics } from '@concert/contracts';
import { ReservationStatus } from '../../domain/reservation-status';
import { FakeClock, InMemoryReservations } from '../testing/in-memory-reservations.fixture';
import { heldReservation, T0, USER_A, USER_B } from '../testing/reservation-fixtures.fixture';
import { CancelHoldUseCase } from './cancel-hold.use-case';

describe('CancelHoldUseCase', () => {
  let store: InMemoryReservations;
  let clock: FakeClock;
  let sut: CancelHoldUseCase;

  beforeEach(() => {
    store = new InMemoryReservations();
    store.givenReservation(heldReservation({ id: 'r-1', userId: USER_A, seatNo: 4 }));
    clock = new FakeClock(new Date(T0.getTime() + 60_000));
    sut = new CancelHoldUseCase(store, clock);
  });

  it('cancels the owner’s live hold and announces HoldCancelled with version 2', async () => {
    const cancelled = await sut.execute({ reservationId: 'r-1', userId: USER_A, requestId: 'req-9' });

    expect(cancelled.status).toBe(ReservationStatus.CANCELLED);
    expect(store.reservations[0]).toMatchObject({ status: ReservationStatus.CANCELLED, version: 2 });
    expect(store.events).toEqual([
      expect.objectContaining({
        topic: Topics.HoldCancelled,
        key: 'r-1',
        requestId: 'req-9',
        payload: expect.objectContaining({ reservationId: 'r-1', seatNo: 4, version: 2, cancelledAt: clock.now().toISOString() }),
      }),
    ]);
  });

  it('answers RESERVATION_NOT_FOUND for an unknown id', async () => {
    await expect(sut.execute({ reservationId: 'nope', userId: USER_A })).rejects.toMatchObject({ code: ErrorCode.RESERVATION_NOT_FOUND });
  });

  it('answers RESERVATION_NOT_OWNED to another user and changes nothing', async () => {
    await expect(sut.execute({ reservationId: 'r-1', userId: USER_B })).rejects.toMatchObject({ code: ErrorCode.RESERVATION_NOT_OWNED });
    expect(store.reservations[0]).toMatchObject({ status: ReservationStatus.HELD, version: 1 });
    expect(store.events).toEqual([]);
  });

  it('answers RESERVATION_NOT_HELD once the hold ran out, even before the sweeper', async () => {
    clock.set(new Date(T0.getTime() + 300_000));

    await expect(sut.execute({ reservationId: 'r-1', userId: USER_A })).rejects.toMatchObject({ code: ErrorCode.RESERVATION_NOT_HELD });
    expect(store.events).toEqual([]);
  });

  it('answers RESERVATION_NOT_HELD to a second cancel', async () => {
    await sut.execute({ reservationId: 'r-1', userId: USER_A });

    await expect(sut.execute({ reservationId: 'r-1', userId: USER_A })).rejects.toMatchObject({ code: ErrorCode.RESERVATION_NOT_HELD });
    expect(store.events).toHaveLength(1);
  });
});
