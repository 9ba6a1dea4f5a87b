import { DomainError, ErrorCode } from '@concert/contracts';
import { InMemoryUnitOfWork } from '../../../testing/in-memory-unit-of-work.fixture';
import { strictFn } from '../../../testing/strict-mock.fixture';
import { RecordReservationChangeUseCase } from '../record-reservation-change/record-reservation-change.use-case';
import type { ReservationDirectory } from '../reservation-directory';
import { EnsureReservationReplicaUseCase } from './ensure-reservation-replica.use-case';

const USER = '11111111-1111-4111-8111-111111111111';
const RESERVATION = '33333333-3333-4333-8333-333333333333';
const CONCERT = '44444444-4444-4444-8444-444444444444';
const expiresAt = new Date('2030-01-01T00:05:00.000Z');

describe('EnsureReservationReplicaUseCase', () => {
  let unitOfWork: InMemoryUnitOfWork;
  let directory: { fetch: jest.MockedFunction<ReservationDirectory['fetch']> };
  let sut: EnsureReservationReplicaUseCase;

  beforeEach(() => {
    unitOfWork = new InMemoryUnitOfWork();
    directory = { fetch: strictFn<ReservationDirectory['fetch']>('ReservationDirectory.fetch') };
    sut = new EnsureReservationReplicaUseCase(unitOfWork, directory, new RecordReservationChangeUseCase());
  });

  it('does nothing for a reservation the replica knows', async () => {
    unitOfWork.seedReplica({ id: RESERVATION, userId: USER, concertId: CONCERT, amount: 1, expiresAt, status: 'EXPIRED', version: 2 });
    await expect(sut.execute({ reservationId: RESERVATION })).resolves.toBeUndefined();
  });

  it('stores what reservation-service answers', async () => {
    directory.fetch.mockResolvedValue({ reservationId: RESERVATION, userId: USER, concertId: CONCERT, amount: 80_000, expiresAt, status: 'HELD', version: 1 });
    await sut.execute({ reservationId: RESERVATION, requestId: 'req-1' });
    expect(directory.fetch).toHaveBeenCalledWith(RESERVATION, 'req-1');
    expect(unitOfWork.state.replicas.get(RESERVATION)).toEqual({ id: RESERVATION, userId: USER, concertId: CONCERT, amount: 80_000, expiresAt, status: 'HELD', version: 1 });
  });

  it('answers RESERVATION_NOT_FOUND for an unknown reservation', async () => {
    directory.fetch.mockResolvedValue(null);
    await expect(sut.execute({ reservationId: RESERVATION })).rejects.toMatchObject({ code: ErrorCode.RESERVATION_NOT_FOUND });
    expect(unitOfWork.state.replicas.size).toBe(0);
  });

  it('passes SERVICE_UNAVAILABLE on', async () => {
    directory.fetch.mockRejectedValue(new DomainError(ErrorCode.SERVICE_UNAVAILABLE, 'down'));
    await expect(sut.execute({ reservationId: RESERVATION })).rejects.toMatchObject({ code: ErrorCode.SERVICE_UNAVAILABLE });
  });
});
