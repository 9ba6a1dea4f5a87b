import { ErrorCode, Topics } from '@concert/contracts';
import { ReservationStatus } from '../../domain/reservation-status';
import { FakeClock, InMemoryReservations, SequentialIds } from '../testing/in-memory-reservations.fixture';
import { callerFor, CONCERT_ID, heldReservation, OTHER_CONCERT_ID, SCHEDULE_ID, scheduleWithTenSeats, T0, USER_A, USER_B } from '../testing/reservation-fixtures.fixture';
import { HoldSeatUseCase } from './hold-seat.use-case';

describe('HoldSeatUseCase', () => {
  let store: InMemoryReservations;
  let clock: FakeClock;
  let sut: HoldSeatUseCase;

  function build(maxLiveHoldsPerUser = 4, refuseOccupiedEarly = true): HoldSeatUseCase {
    return new HoldSeatUseCase(store, store, clock, new SequentialIds(), { holdSeconds: 300, maxLiveHoldsPerUser, refuseOccupiedEarly });
  }

  beforeEach(() => {
    store = new InMemoryReservations();
    store.givenSchedule(scheduleWithTenSeats());
    clock = new FakeClock(T0);
    sut = build();
  });

  it('holds a free seat at the catalog price for holdSeconds and announces SeatHeld', async () => {
    const reservation = await sut.execute({ caller: callerFor(USER_A), scheduleId: SCHEDULE_ID, seatNo: 1, requestId: 'req-1' });

    expect(reservation.status).toBe(ReservationStatus.HELD);
    expect(reservation.price).toBe(120_000);
    expect(reservation.expiresAt).toEqual(new Date(T0.getTime() + 300_000));
    expect(store.reservations).toHaveLength(1);
    expect(store.events).toEqual([
      {
        topic: Topics.SeatHeld,
        key: reservation.id,
        occurredAt: T0.toISOString(),
        requestId: 'req-1',
        payload: {
          reservationId: reservation.id,
          userId: USER_A,
          concertId: reservation.concertId,
          scheduleId: SCHEDULE_ID,
          seatNo: 1,
          version: 1,
          price: 120_000,
          expiresAt: '2030-03-01T12:05:00.000Z',
        },
      },
    ]);
  });

  it('answers SCHEDULE_NOT_FOUND for a schedule the catalog copy lacks', async () => {
    await expect(sut.execute({ caller: callerFor(USER_A), scheduleId: 'ffffffff-ffff-4fff-8fff-ffffffffffff', seatNo: 1 })).rejects.toMatchObject({
      code: ErrorCode.SCHEDULE_NOT_FOUND,
    });
    expect(store.reservations).toEqual([]);
  });

  it("answers QUEUE_TOKEN_WRONG_ROOM to a caller whose queue token is for another concert's room, and holds nothing", async () => {
    const run = jest.spyOn(store, 'run');

    await expect(sut.execute({ caller: callerFor(USER_A, OTHER_CONCERT_ID), scheduleId: SCHEDULE_ID, seatNo: 1 })).rejects.toMatchObject({
      code: ErrorCode.QUEUE_TOKEN_WRONG_ROOM,
    });
    expect(run).not.toHaveBeenCalled();
    expect(store.reservations).toEqual([]);
    expect(store.events).toEqual([]);
  });

  it('holds for a caller whose queue token is for the schedule’s concert', async () => {
    await expect(sut.execute({ caller: callerFor(USER_A, CONCERT_ID), scheduleId: SCHEDULE_ID, seatNo: 1 })).resolves.toMatchObject({ seatNo: 1, concertId: CONCERT_ID });
    expect(store.events).toHaveLength(1);
  });

  it('answers SCHEDULE_NOT_FOUND before the room, and the room before SEAT_NOT_FOUND and SCHEDULE_CLOSED', async () => {
    const wrongRoom = callerFor(USER_A, OTHER_CONCERT_ID);
    await expect(sut.execute({ caller: wrongRoom, scheduleId: 'ffffffff-ffff-4fff-8fff-ffffffffffff', seatNo: 1 })).rejects.toMatchObject({
      code: ErrorCode.SCHEDULE_NOT_FOUND,
    });
    await expect(sut.execute({ caller: wrongRoom, scheduleId: SCHEDULE_ID, seatNo: 11 })).rejects.toMatchObject({ code: ErrorCode.QUEUE_TOKEN_WRONG_ROOM });
    clock.set(scheduleWithTenSeats().startsAt);
    await expect(sut.execute({ caller: wrongRoom, scheduleId: SCHEDULE_ID, seatNo: 1 })).rejects.toMatchObject({ code: ErrorCode.QUEUE_TOKEN_WRONG_ROOM });
  });

  it('answers SEAT_NOT_FOUND for a seat number the schedule lacks', async () => {
    await expect(sut.execute({ caller: callerFor(USER_A), scheduleId: SCHEDULE_ID, seatNo: 11 })).rejects.toMatchObject({ code: ErrorCode.SEAT_NOT_FOUND });
    expect(store.events).toEqual([]);
  });

  it('answers SCHEDULE_CLOSED once the schedule has started, and holds up to the moment before', async () => {
    const startsAt = scheduleWithTenSeats().startsAt;
    clock.set(new Date(startsAt.getTime() - 1));
    await expect(sut.execute({ caller: callerFor(USER_A), scheduleId: SCHEDULE_ID, seatNo: 1 })).resolves.toMatchObject({ seatNo: 1 });

    clock.set(startsAt);
    await expect(sut.execute({ caller: callerFor(USER_B), scheduleId: SCHEDULE_ID, seatNo: 2 })).rejects.toMatchObject({ code: ErrorCode.SCHEDULE_CLOSED });
    expect(store.reservations).toHaveLength(1);
    expect(store.events).toHaveLength(1);
  });

  it('answers SEAT_UNAVAILABLE for a seat someone else holds, from one read, without a transaction or lock', async () => {
    store.givenReservation(heldReservation({ id: 'r-1', userId: USER_B, seatNo: 3 }));
    const run = jest.spyOn(store, 'run');

    await expect(sut.execute({ caller: callerFor(USER_A), scheduleId: SCHEDULE_ID, seatNo: 3 })).rejects.toMatchObject({ code: ErrorCode.SEAT_UNAVAILABLE });
    expect(store.reservations).toHaveLength(1);
    expect(run).not.toHaveBeenCalled();
    expect(store.lockedUsers).toEqual([]);
  });

  it('with early refusal off, refuses an occupied seat through the guarded insert instead', async () => {
    store.givenReservation(heldReservation({ id: 'r-1', userId: USER_B, seatNo: 3 }));
    sut = build(4, false);
    const run = jest.spyOn(store, 'run');

    await expect(sut.execute({ caller: callerFor(USER_A), scheduleId: SCHEDULE_ID, seatNo: 3 })).rejects.toMatchObject({ code: ErrorCode.SEAT_UNAVAILABLE });
    expect(run).toHaveBeenCalledTimes(1);
    expect(store.reservations).toHaveLength(1);
    expect(store.events).toEqual([]);
  });

  it('answers SEAT_UNAVAILABLE for a seat the caller already holds', async () => {
    await sut.execute({ caller: callerFor(USER_A), scheduleId: SCHEDULE_ID, seatNo: 3 });

    await expect(sut.execute({ caller: callerFor(USER_A), scheduleId: SCHEDULE_ID, seatNo: 3 })).rejects.toMatchObject({ code: ErrorCode.SEAT_UNAVAILABLE });
  });

  it('answers SEAT_UNAVAILABLE for a sold seat, long after its hold time', async () => {
    const sold = heldReservation({ id: 'r-1', userId: USER_B, seatNo: 3 });
    sold.confirm('p-1', T0, T0);
    store.givenReservation(sold);
    clock.advanceSeconds(3_600);

    await expect(sut.execute({ caller: callerFor(USER_A), scheduleId: SCHEDULE_ID, seatNo: 3 })).rejects.toMatchObject({ code: ErrorCode.SEAT_UNAVAILABLE });
  });

  it('treats an overdue hold as free at once: expires it (HoldExpired) and holds, in one transaction', async () => {
    store.givenReservation(heldReservation({ id: 'r-old', userId: USER_B, seatNo: 3 }));
    clock.advanceSeconds(300);

    const reservation = await sut.execute({ caller: callerFor(USER_A), scheduleId: SCHEDULE_ID, seatNo: 3 });

    const old = store.reservations.find((props) => props.id === 'r-old');
    expect(old).toMatchObject({ status: ReservationStatus.EXPIRED, version: 2 });
    expect(store.events.map((event) => [event.topic, event.key, event.payload.version])).toEqual([
      [Topics.HoldExpired, 'r-old', 2],
      [Topics.SeatHeld, reservation.id, 1],
    ]);
  });

  it('keeps a hold one millisecond before it runs out', async () => {
    store.givenReservation(heldReservation({ id: 'r-old', userId: USER_B, seatNo: 3 }));
    clock.set(new Date(T0.getTime() + 300_000 - 1));

    await expect(sut.execute({ caller: callerFor(USER_A), scheduleId: SCHEDULE_ID, seatNo: 3 })).rejects.toMatchObject({ code: ErrorCode.SEAT_UNAVAILABLE });
    expect(store.events).toEqual([]);
  });

  it('answers SEAT_UNAVAILABLE when a competitor wins between the check and the insert, and writes nothing', async () => {
    store.givenReservation(heldReservation({ id: 'r-old', userId: USER_B, seatNo: 3 }));
    clock.advanceSeconds(301);
    store.beforeInsertHold = ({ insert }) => insert(heldReservation({ id: 'r-rival', userId: USER_B, seatNo: 3, heldAt: clock.now() }));

    await expect(sut.execute({ caller: callerFor(USER_A), scheduleId: SCHEDULE_ID, seatNo: 3 })).rejects.toMatchObject({ code: ErrorCode.SEAT_UNAVAILABLE });
    // The transaction rolled back: not even the expiry of the old hold was kept.
    expect(store.reservations).toEqual([expect.objectContaining({ id: 'r-old', status: ReservationStatus.HELD })]);
    expect(store.events).toEqual([]);
  });

  describe('hold limit', () => {
    it('refuses a fifth live hold with HOLD_LIMIT_REACHED, under the user lock', async () => {
      for (const seatNo of [1, 2, 3, 4]) await sut.execute({ caller: callerFor(USER_A), scheduleId: SCHEDULE_ID, seatNo });

      await expect(sut.execute({ caller: callerFor(USER_A), scheduleId: SCHEDULE_ID, seatNo: 5 })).rejects.toMatchObject({
        code: ErrorCode.HOLD_LIMIT_REACHED,
      });
      expect(store.reservations).toHaveLength(4);
      expect(store.lockedUsers).toEqual([USER_A, USER_A, USER_A, USER_A, USER_A]);
    });

    it('prefers SEAT_UNAVAILABLE for a seat the user already holds at the limit', async () => {
      for (const seatNo of [1, 2, 3, 4]) await sut.execute({ caller: callerFor(USER_A), scheduleId: SCHEDULE_ID, seatNo });

      await expect(sut.execute({ caller: callerFor(USER_A), scheduleId: SCHEDULE_ID, seatNo: 4 })).rejects.toMatchObject({ code: ErrorCode.SEAT_UNAVAILABLE });
    });

    it('does not count expired, cancelled or confirmed reservations', async () => {
      for (const seatNo of [1, 2, 3, 4]) await sut.execute({ caller: callerFor(USER_A), scheduleId: SCHEDULE_ID, seatNo });
      clock.advanceSeconds(300);

      for (const seatNo of [5, 6, 7, 8]) await sut.execute({ caller: callerFor(USER_A), scheduleId: SCHEDULE_ID, seatNo });

      expect(store.reservations.filter((props) => props.status === ReservationStatus.HELD)).toHaveLength(8);
      await expect(sut.execute({ caller: callerFor(USER_A), scheduleId: SCHEDULE_ID, seatNo: 9 })).rejects.toMatchObject({
        code: ErrorCode.HOLD_LIMIT_REACHED,
      });
    });

    it('counts per user', async () => {
      for (const seatNo of [1, 2, 3, 4]) await sut.execute({ caller: callerFor(USER_A), scheduleId: SCHEDULE_ID, seatNo });

      await expect(sut.execute({ caller: callerFor(USER_B), scheduleId: SCHEDULE_ID, seatNo: 5 })).resolves.toMatchObject({ seatNo: 5 });
    });

    it('is off at 0, and then takes no user lock', async () => {
      sut = build(0);
      for (const seatNo of [1, 2, 3, 4, 5, 6]) await sut.execute({ caller: callerFor(USER_A), scheduleId: SCHEDULE_ID, seatNo });

      expect(store.reservations).toHaveLength(6);
      expect(store.lockedUsers).toEqual([]);
    });
  });
});
