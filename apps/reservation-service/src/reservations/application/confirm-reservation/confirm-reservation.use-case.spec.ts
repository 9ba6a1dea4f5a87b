import { Topics } from '@concert/contracts';
import { ReservationStatus } from '../../domain/reservation-status';
import { FakeClock, InMemoryReservations } from '../testing/in-memory-reservations.fixture';
import { heldReservation, PAYMENT_ID, T0, USER_A } from '../testing/reservation-fixtures.fixture';
import { ConfirmReservationUseCase } from './confirm-reservation.use-case';

const EXPIRES_AT = new Date(T0.getTime() + 300_000);

describe('ConfirmReservationUseCase', () => {
  let store: InMemoryReservations;
  let clock: FakeClock;
  let sut: ConfirmReservationUseCase;

  beforeEach(() => {
    store = new InMemoryReservations();
    store.givenReservation(heldReservation({ id: 'r-1', userId: USER_A, seatNo: 9 }));
    clock = new FakeClock(new Date(T0.getTime() + 10_000));
    sut = new ConfirmReservationUseCase(clock);
  });

  function payment(paidAt: Date, paymentId = PAYMENT_ID) {
    return { paymentId, reservationId: 'r-1', userId: USER_A, paidAt, queueTokenId: 'qt-1', requestId: 'req-p' };
  }

  it('confirms a HELD reservation paid in time and announces ReservationConfirmed (version 2) with the payment\'s queue token', async () => {
    const paidAt = new Date(clock.now().getTime() - 40);
    await expect(sut.execute(payment(paidAt), store.transactionForTest())).resolves.toEqual({ kind: 'CONFIRMED' });

    expect(store.reservations[0]).toMatchObject({ status: ReservationStatus.CONFIRMED, paymentId: PAYMENT_ID, version: 2 });
    expect(store.events).toEqual([
      expect.objectContaining({
        topic: Topics.ReservationConfirmed,
        key: 'r-1',
        payload: expect.objectContaining({ paymentId: PAYMENT_ID, version: 2, seatNo: 9, queueTokenId: 'qt-1', paidAt: paidAt.toISOString() }),
      }),
    ]);
  });

  it('confirms a payment made in time whose event arrives after expiresAt, if nothing expired the hold yet', async () => {
    clock.set(new Date(EXPIRES_AT.getTime() + 500));

    await expect(sut.execute(payment(new Date(EXPIRES_AT.getTime() - 1)), store.transactionForTest())).resolves.toEqual({ kind: 'CONFIRMED' });
  });

  it('fails a late payment: the hold expires (HoldExpired) and ConfirmationFailed{EXPIRED} asks for a refund', async () => {
    clock.set(new Date(EXPIRES_AT.getTime() + 2_000));

    await expect(sut.execute(payment(new Date(EXPIRES_AT.getTime() + 1_000)), store.transactionForTest())).resolves.toMatchObject({
      kind: 'FAILED',
      reason: 'EXPIRED',
    });

    expect(store.reservations[0]).toMatchObject({ status: ReservationStatus.EXPIRED, version: 2, paymentId: null });
    expect(store.events.map((event) => [event.topic, event.payload.version])).toEqual([
      [Topics.HoldExpired, 2],
      [Topics.ReservationConfirmationFailed, 2],
    ]);
    expect(store.events[1]?.payload).toMatchObject({ reason: 'EXPIRED', paymentId: PAYMENT_ID });
  });

  it('does nothing for a redelivered payment that already confirmed the reservation', async () => {
    await sut.execute(payment(clock.now()), store.transactionForTest());

    await expect(sut.execute(payment(clock.now()), store.transactionForTest())).resolves.toEqual({ kind: 'DUPLICATE' });
    expect(store.events).toHaveLength(1);
  });

  it('fails a second, different payment with ALREADY_CONFIRMED', async () => {
    await sut.execute(payment(clock.now()), store.transactionForTest());
    const second = 'ffffffff-ffff-4fff-8fff-ffffffffffff';

    await expect(sut.execute(payment(clock.now(), second), store.transactionForTest())).resolves.toMatchObject({ reason: 'ALREADY_CONFIRMED' });
    expect(store.events[1]).toMatchObject({ topic: Topics.ReservationConfirmationFailed, payload: { paymentId: second, reason: 'ALREADY_CONFIRMED' } });
    expect(store.reservations[0]).toMatchObject({ paymentId: PAYMENT_ID });
  });

  it('fails a payment for a cancelled reservation with CANCELLED', async () => {
    const cancelled = heldReservation({ id: 'r-1', userId: USER_A, seatNo: 9 });
    cancelled.cancel(USER_A, T0);
    store.givenReservation(cancelled);

    await expect(sut.execute(payment(clock.now()), store.transactionForTest())).resolves.toMatchObject({ reason: 'CANCELLED' });
    expect(store.events).toEqual([expect.objectContaining({ topic: Topics.ReservationConfirmationFailed, payload: expect.objectContaining({ reason: 'CANCELLED', version: 2 }) })]);
  });

  it('fails a payment for an unknown reservation with NOT_FOUND so the payer is refunded', async () => {
    const tx = store.transactionForTest();

    await expect(sut.execute({ ...payment(clock.now()), reservationId: '99999999-9999-4999-8999-999999999999' }, tx)).resolves.toMatchObject({
      reason: 'NOT_FOUND',
    });
    expect(store.events).toEqual([
      expect.objectContaining({
        topic: Topics.ReservationConfirmationFailed,
        key: '99999999-9999-4999-8999-999999999999',
        payload: expect.objectContaining({ reason: 'NOT_FOUND', userId: USER_A, paymentId: PAYMENT_ID }),
      }),
    ]);
  });
});
