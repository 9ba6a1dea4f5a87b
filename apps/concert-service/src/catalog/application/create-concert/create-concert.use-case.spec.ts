import { ErrorCode } from '@concert/contracts';
import { FixedClock, InMemoryCatalog, SequentialIds } from '../testing/catalog-fakes.fixture';
import { CreateConcertUseCase } from './create-concert.use-case';

const NOW = new Date('2026-11-26T03:00:00Z');

describe('CreateConcertUseCase', () => {
  let catalog: InMemoryCatalog;
  let sut: CreateConcertUseCase;

  beforeEach(() => {
    catalog = new InMemoryCatalog();
    sut = new CreateConcertUseCase(catalog, new FixedClock(NOW), new SequentialIds());
  });

  it('stores the concert with its schedules and one ScheduleCreated per schedule', async () => {
    const result = await sut.execute({
      title: 'Winter Symphony',
      venue: 'Olympic Hall',
      schedules: [
        { startsAt: '2026-12-24T19:00:00+09:00', seatPrice: 80_000, seatPrices: { '1': 150_000 } },
        { startsAt: '2026-12-25T10:00:00Z', seatPrice: 70_000 },
      ],
      requestId: 'req-1',
    });

    expect(result.created).toBe(true);
    expect(result.concert).toEqual({
      concertId: '00000000-0000-4000-8000-000000000001',
      title: 'Winter Symphony',
      venue: 'Olympic Hall',
      schedules: [
        { scheduleId: '00000000-0000-4000-8000-000000000002', startsAt: '2026-12-24T19:00:00+09:00', date: '2026-12-24', totalSeats: 50 },
        { scheduleId: '00000000-0000-4000-8000-000000000003', startsAt: '2026-12-25T19:00:00+09:00', date: '2026-12-25', totalSeats: 50 },
      ],
      waitingRoom: { maxActiveUsers: null, activeSeconds: null, saleOpensAt: null },
    });
    expect(catalog.events).toHaveLength(2);
    expect(catalog.events[0]).toMatchObject({
      requestId: 'req-1',
      occurredAt: NOW,
      payload: { concertId: '00000000-0000-4000-8000-000000000001', scheduleId: '00000000-0000-4000-8000-000000000002' },
    });
    expect((catalog.events[0].payload as { seats: unknown[] }).seats[0]).toEqual({ seatNo: 1, price: 150_000 });
  });

  it('stores the waiting-room options with the concert and answers them, an instant as ISO-8601', async () => {
    const result = await sut.execute({
      title: 'T',
      venue: 'V',
      schedules: [{ startsAt: '2026-12-24T19:00:00+09:00', seatPrice: 10 }],
      waitingRoom: { maxActiveUsers: 500, saleOpensAt: '2026-12-01T20:00:00+09:00' },
    });

    expect(result.concert.waitingRoom).toEqual({ maxActiveUsers: 500, activeSeconds: null, saleOpensAt: '2026-12-01T11:00:00.000Z' });
    expect(catalog.concerts.get(result.concert.concertId)?.concert.waitingRoom).toEqual({
      maxActiveUsers: 500,
      activeSeconds: null,
      saleOpensAt: new Date('2026-12-01T11:00:00Z'),
    });
  });

  it('stores nothing when a waiting-room option is out of range', async () => {
    await expect(
      sut.execute({ title: 'T', venue: 'V', schedules: [{ startsAt: '2026-12-24T19:00:00+09:00', seatPrice: 10 }], waitingRoom: { activeSeconds: 9 } }),
    ).rejects.toMatchObject({ code: ErrorCode.VALIDATION_FAILED, message: 'waitingRoom.activeSeconds must be an integer in 10..86400' });
    expect(catalog.concerts.size).toBe(0);
    expect(catalog.events).toHaveLength(0);
  });

  it('stores nothing when validation fails', async () => {
    await expect(
      sut.execute({ title: 'T', venue: 'V', schedules: [{ startsAt: '2026-11-26T11:59:59+09:00', seatPrice: 10 }] }),
    ).rejects.toMatchObject({ code: ErrorCode.VALIDATION_FAILED, message: 'schedules.0.startsAt must be in the future' });
    expect(catalog.concerts.size).toBe(0);
    expect(catalog.events).toHaveLength(0);
  });

  it('reports created: false and writes nothing when the fixed id exists already', async () => {
    const command = { concertId: '5eed0000-c0c0-4a11-9000-00000000de70', title: 'T', venue: 'V', schedules: [{ startsAt: '2027-01-01T19:00:00+09:00', seatPrice: 10 }] };
    await sut.execute(command);

    const second = await sut.execute(command);

    expect(second.created).toBe(false);
    expect(catalog.concerts.size).toBe(1);
    expect(catalog.events).toHaveLength(1);
  });
});
