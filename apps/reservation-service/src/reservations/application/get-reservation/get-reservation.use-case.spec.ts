import { ErrorCode } from '@concert/contracts';
import { ReservationStatus } from '../../domain/reservation-status';
import { FakeClock, InMemoryReservations } from '../testing/in-memory-reservations.fixture';
import { heldReservation, T0, USER_A, USER_B } from '../testing/reservation-fixtures.fixture';
import { GetReservationUseCase } from './get-reservation.use-case';

describe('GetReservationUseCase', () => {
  let store: InMemoryReservations;
  let clock: FakeClock;
  let sut: GetReservationUseCase;

  beforeEach(() => {
    store = new InMemoryReservations();
    store.givenReservation(heldReservation({ id: 'r-1', userId: USER_A, seatNo: 2 }));
    clock = new FakeClock(T0);
    sut = new GetReservationUseCase(store, clock);
  });

  it('shows a running hold as HELD', async () => {
    await expect(sut.execute({ reservationId: 'r-1', userId: USER_A })).resolves.toMatchObject({ reservationId: 'r-1', status: ReservationStatus.HELD, version: 1 });
  });

  it('shows an overdue hold as EXPIRED before any sweep wrote it', async () => {
    clock.advanceSeconds(300);

    await expect(sut.execute({ reservationId: 'r-1', userId: USER_A })).resolves.toMatchObject({ status: ReservationStatus.EXPIRED });
    expect(store.reservations[0]?.status).toBe(ReservationStatus.HELD);
  });

  it('answers RESERVATION_NOT_FOUND for an unknown id', async () => {
    await expect(sut.execute({ reservationId: 'r-x', userId: USER_A })).rejects.toMatchObject({ code: ErrorCode.RESERVATION_NOT_FOUND });
  });

  it("answers RESERVATION_NOT_FOUND for another user's reservation, as if it did not exist", async () => {
    await expect(sut.execute({ reservationId: 'r-1', userId: USER_B })).rejects.toMatchObject({ code: ErrorCode.RESERVATION_NOT_FOUND });
    // The owner still reads it.
    await expect(sut.execute({ reservationId: 'r-1', userId: USER_A })).resolves.toMatchObject({ reservationId: 'r-1', userId: USER_A });
  });

  it("reads any user's reservation for a service's own read (no caller: payment-service's internal lookup)", async () => {
    await expect(sut.execute({ reservationId: 'r-1', userId: null })).resolves.toMatchObject({ reservationId: 'r-1', userId: USER_A });
    await expect(sut.execute({ reservationId: 'r-x', userId: null })).rejects.toMatchObject({ code: ErrorCode.RESERVATION_NOT_FOUND });
  });
});
