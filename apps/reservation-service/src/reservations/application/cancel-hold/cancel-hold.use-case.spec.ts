import { ErrorCode, Topics } from '@concert/contracts';
import { ReservationStatus } from '../../domain/reservation-status';
import { FakeClock, InMemoryReservations } from '../testing/in-memory-reservations.fixture';
import { callerFor, CONCERT_ID, heldReservation, OTHER_CONCERT_ID, T0, USER_A, USER_B } from '../testing/reservation-fixtures.fixture';
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
    const cancelled = await sut.execute({ reservationId: 'r-1', caller: callerFor(USER_A), requestId: 'req-9' });

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
    await expect(sut.execute({ reservationId: 'nope', caller: callerFor(USER_A) })).rejects.toMatchObject({ code: ErrorCode.RESERVATION_NOT_FOUND });
  });

  it("answers QUEUE_TOKEN_WRONG_ROOM to a caller whose queue token is for another concert's room, and changes nothing", async () => {
    await expect(sut.execute({ reservationId: 'r-1', caller: callerFor(USER_A, OTHER_CONCERT_ID) })).rejects.toMatchObject({ code: ErrorCode.QUEUE_TOKEN_WRONG_ROOM });
    expect(store.reservations[0]).toMatchObject({ status: ReservationStatus.HELD, version: 1 });
    expect(store.events).toEqual([]);
  });

  it('checks the room after existence and before ownership', async () => {
    await expect(sut.execute({ reservationId: 'nope', caller: callerFor(USER_B, OTHER_CONCERT_ID) })).rejects.toMatchObject({ code: ErrorCode.RESERVATION_NOT_FOUND });
    await expect(sut.execute({ reservationId: 'r-1', caller: callerFor(USER_B, OTHER_CONCERT_ID) })).rejects.toMatchObject({ code: ErrorCode.QUEUE_TOKEN_WRONG_ROOM });
    await expect(sut.execute({ reservationId: 'r-1', caller: callerFor(USER_B, CONCERT_ID) })).rejects.toMatchObject({ code: ErrorCode.RESERVATION_NOT_OWNED });
  });

  it('cancels for the owner with a queue token of the reservation’s concert', async () => {
    await expect(sut.execute({ reservationId: 'r-1', caller: callerFor(USER_A, CONCERT_ID) })).resolves.toMatchObject({ status: ReservationStatus.CANCELLED });
  });

  it('answers RESERVATION_NOT_OWNED to another user and changes nothing', async () => {
    await expect(sut.execute({ reservationId: 'r-1', caller: callerFor(USER_B) })).rejects.toMatchObject({ code: ErrorCode.RESERVATION_NOT_OWNED });
    expect(store.reservations[0]).toMatchObject({ status: ReservationStatus.HELD, version: 1 });
    expect(store.events).toEqual([]);
  });

  it('answers RESERVATION_NOT_HELD once the hold ran out, even before the sweeper', async () => {
    clock.set(new Date(T0.getTime() + 300_000));

    await expect(sut.execute({ reservationId: 'r-1', caller: callerFor(USER_A) })).rejects.toMatchObject({ code: ErrorCode.RESERVATION_NOT_HELD });
    expect(store.events).toEqual([]);
  });

  it('answers RESERVATION_NOT_HELD to a second cancel', async () => {
    await sut.execute({ reservationId: 'r-1', caller: callerFor(USER_A) });

    await expect(sut.execute({ reservationId: 'r-1', caller: callerFor(USER_A) })).rejects.toMatchObject({ code: ErrorCode.RESERVATION_NOT_HELD });
    expect(store.events).toHaveLength(1);
  });
});
