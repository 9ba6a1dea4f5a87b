import { InMemoryUnitOfWork } from '../../../testing/in-memory-unit-of-work.fixture';
import type { ReservationSnapshot } from '../../domain/reservation-replica';
import { RecordReservationChangeUseCase } from './record-reservation-change.use-case';

const USER = '11111111-1111-4111-8111-111111111111';
const RESERVATION = '33333333-3333-4333-8333-333333333333';
const CONCERT = '44444444-4444-4444-8444-444444444444';
const expiresAt = new Date('2030-01-01T00:05:00.000Z');

describe('RecordReservationChangeUseCase', () => {
  let unitOfWork: InMemoryUnitOfWork;
  const sut = new RecordReservationChangeUseCase();

  beforeEach(() => {
    unitOfWork = new InMemoryUnitOfWork();
  });

  const record = (snapshot: Partial<ReservationSnapshot>) =>
    unitOfWork.transaction((tx) =>
      sut.execute({ reservationId: RESERVATION, userId: USER, concertId: CONCERT, status: 'HELD', version: 1, ...snapshot }, tx),
    );
  const replica = () => unitOfWork.state.replicas.get(RESERVATION);

  it('creates the replica from SeatHeld', async () => {
    await expect(record({ amount: 80_000, expiresAt })).resolves.toBe('CREATED');
    expect(replica()).toEqual({ id: RESERVATION, userId: USER, concertId: CONCERT, amount: 80_000, expiresAt, status: 'HELD', version: 1 });
  });

  it('moves it on with a newer event', async () => {
    await record({ amount: 80_000, expiresAt });
    await expect(record({ status: 'EXPIRED', version: 2 })).resolves.toBe('UPDATED');
    expect(replica()).toMatchObject({ status: 'EXPIRED', version: 2, amount: 80_000 });
  });

  it('learns the concert of a replica stored without one from the next event', async () => {
    unitOfWork.seedReplica({ id: RESERVATION, userId: USER, concertId: null, amount: 80_000, expiresAt, status: 'HELD', version: 1 });
    await expect(record({ status: 'EXPIRED', version: 2 })).resolves.toBe('UPDATED');
    expect(replica()).toMatchObject({ concertId: CONCERT, status: 'EXPIRED' });
  });

  it('never lets an older event overwrite a newer state (SeatHeld arriving after HoldCancelled)', async () => {
    await expect(record({ status: 'CANCELLED', version: 2 })).resolves.toBe('CREATED');
    await expect(record({ status: 'HELD', version: 1, amount: 80_000, expiresAt })).resolves.toBe('IGNORED_OLDER');
    expect(replica()).toMatchObject({ status: 'CANCELLED', version: 2 });
  });

  it('ignores a duplicate of the event it already applied', async () => {
    await record({ amount: 80_000, expiresAt });
    await expect(record({ amount: 80_000, expiresAt })).resolves.toBe('IGNORED_OLDER');
  });

  it('applies its change on top of a row inserted concurrently', async () => {
    const repositories = unitOfWork.direct.reservations;
    const lock = jest.spyOn(repositories, 'lock');
    // First lock finds nothing, the insert loses a race, the second lock finds the winner's row.
    unitOfWork.seedReplica({ id: RESERVATION, userId: USER, concertId: CONCERT, amount: 80_000, expiresAt, status: 'HELD', version: 1 });
    lock.mockResolvedValueOnce(null);
    await expect(sut.execute({ reservationId: RESERVATION, userId: USER, concertId: CONCERT, status: 'CONFIRMED', version: 3 }, unitOfWork.direct)).resolves.toBe('UPDATED');
    expect(replica()).toMatchObject({ status: 'CONFIRMED', version: 3 });
    expect(lock).toHaveBeenCalledTimes(2);
  });
});
