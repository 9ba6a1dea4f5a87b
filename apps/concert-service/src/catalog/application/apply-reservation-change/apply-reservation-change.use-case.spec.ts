import { InMemorySeatAvailabilityStore, RecordingInvalidator } from '../testing/catalog-fakes.fixture';
import { ApplyReservationChangeUseCase, type ReservationChangeCommand } from './apply-reservation-change.use-case';

const CONCERT = '11111111-1111-4111-8111-111111111111';
const SCHEDULE = '22222222-2222-4222-8222-222222222222';
const A = 'aaaaaaaa-0000-4000-8000-000000000001';
const B = 'bbbbbbbb-0000-4000-8000-000000000002';
const AT = new Date('2026-12-01T00:00:00Z');

const change = (reservationId: string, phase: ReservationChangeCommand['phase'], version: number, seatNo = 7): ReservationChangeCommand => ({
  reservationId,
  scheduleId: SCHEDULE,
  seatNo,
  phase,
  version,
  occurredAt: AT,
});

describe('ApplyReservationChangeUseCase', () => {
  let store: InMemorySeatAvailabilityStore;
  let cache: RecordingInvalidator;
  let sut: ApplyReservationChangeUseCase;

  beforeEach(() => {
    store = new InMemorySeatAvailabilityStore(CONCERT, SCHEDULE);
    cache = new RecordingInvalidator();
    sut = new ApplyReservationChangeUseCase(cache);
  });

  it('marks the seat HELD, counts one seat fewer and invalidates the seat map and the date list', async () => {
    await expect(sut.execute(change(A, 'HELD', 1), store)).resolves.toMatchObject({ outcome: 'applied', status: 'HELD' });

    expect(store.seats.get(7)).toEqual({ status: 'HELD', holderId: A });
    expect(store.available).toBe(49);
    expect(cache.invalidated).toEqual([{ concertId: CONCERT, scheduleId: SCHEDULE, scheduleVersion: 2, concertVersion: 2 }]);
  });

  it('invalidates only the seat map when the count does not move (HELD → SOLD)', async () => {
    await sut.execute(change(A, 'HELD', 1), store);

    await sut.execute(change(A, 'CONFIRMED', 2), store);

    expect(store.seats.get(7)?.status).toBe('SOLD');
    expect(store.available).toBe(49);
    expect(cache.invalidated[1]).toEqual({ concertId: CONCERT, scheduleId: SCHEDULE, scheduleVersion: 3, concertVersion: null });
  });

  it('changes nothing and invalidates nothing for a duplicate', async () => {
    await sut.execute(change(A, 'HELD', 1), store);
    store.calls.length = 0;

    await expect(sut.execute(change(A, 'HELD', 1), store)).resolves.toMatchObject({ outcome: 'duplicate' });

    expect(store.calls).toEqual(['lockSeat']);
    expect(store.available).toBe(49);
    expect(cache.invalidated).toHaveLength(1);
  });

  it("keeps B's hold when A's expiry arrives late, recording A as released", async () => {
    await sut.execute(change(A, 'HELD', 1), store);
    await sut.execute(change(B, 'HELD', 1), store);

    await expect(sut.execute(change(A, 'RELEASED', 2), store)).resolves.toMatchObject({ outcome: 'applied', status: 'HELD', holderId: B });

    expect(store.seats.get(7)).toEqual({ status: 'HELD', holderId: B });
    expect(store.records.get(A)?.phase).toBe('RELEASED');
    expect(store.available).toBe(49);
  });

  it('frees the seat on expiry and counts it again', async () => {
    await sut.execute(change(A, 'HELD', 1), store);

    await sut.execute(change(A, 'RELEASED', 2), store);

    expect(store.seats.get(7)).toEqual({ status: 'AVAILABLE', holderId: null });
    expect(store.available).toBe(50);
  });

  it('ignores a seat the catalog does not have', async () => {
    await expect(sut.execute({ ...change(A, 'HELD', 1), scheduleId: '99999999-9999-4999-8999-999999999999' }, store)).resolves.toEqual({
      outcome: 'unknown-seat',
    });
    expect(cache.invalidated).toHaveLength(0);
  });
});
