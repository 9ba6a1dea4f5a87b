import { DomainError, ErrorCode } from '@concert/contracts';
import { Concert } from '../../domain/concert';
import { InMemoryCatalog } from '../testing/catalog-fakes.fixture';
import { GetSeatMapUseCase } from './get-seat-map.use-case';

const NOW = new Date('2026-12-01T00:00:00Z');
const FIRST = '11111111-1111-4111-8111-111111111111';
const SECOND = '22222222-2222-4222-8222-222222222222';
const UNKNOWN = '33333333-3333-4333-8333-333333333333';

describe('GetSeatMapUseCase', () => {
  let catalog: InMemoryCatalog;
  let sut: GetSeatMapUseCase;

  beforeEach(async () => {
    catalog = new InMemoryCatalog();
    sut = new GetSeatMapUseCase(catalog);
    for (const [id, scheduleId] of [
      [FIRST, 'schedule-of-first'],
      [SECOND, 'schedule-of-second'],
    ] as const) {
      await catalog.add(Concert.create({ id, title: 'T', venue: 'V', schedules: [{ id: scheduleId, startsAt: '2026-12-24T19:00:00+09:00', seatPrice: 70_000 }] }, NOW), {
        occurredAt: NOW,
      });
    }
    catalog.seatStatus.set('schedule-of-first/7', 'HELD');
  });

  it('returns the 50 seats with price and status', async () => {
    const result = await sut.execute({ concertId: FIRST, scheduleId: 'schedule-of-first' });

    expect(result.seats).toHaveLength(50);
    expect(result.seats[6]).toEqual({ seatNo: 7, price: 70_000, status: 'HELD' });
    expect(result.seats[0]).toEqual({ seatNo: 1, price: 70_000, status: 'AVAILABLE' });
  });

  it('answers CONCERT_NOT_FOUND for an unknown concert, whatever the schedule', async () => {
    await expect(sut.execute({ concertId: UNKNOWN, scheduleId: 'schedule-of-first' })).rejects.toMatchObject({ code: ErrorCode.CONCERT_NOT_FOUND });
    await expect(sut.execute({ concertId: UNKNOWN, scheduleId: UNKNOWN })).rejects.toMatchObject({ code: ErrorCode.CONCERT_NOT_FOUND });
  });

  it('answers SCHEDULE_NOT_FOUND for an unknown schedule and for a schedule of another concert', async () => {
    await expect(sut.execute({ concertId: FIRST, scheduleId: UNKNOWN })).rejects.toBeInstanceOf(DomainError);
    await expect(sut.execute({ concertId: FIRST, scheduleId: UNKNOWN })).rejects.toMatchObject({ code: ErrorCode.SCHEDULE_NOT_FOUND });
    await expect(sut.execute({ concertId: FIRST, scheduleId: 'schedule-of-second' })).rejects.toMatchObject({ code: ErrorCode.SCHEDULE_NOT_FOUND });
  });
});
