import { DomainError, ErrorCode } from '@concert/contracts';
import { Concert } from '../../domain/concert';
import { FixedClock, InMemoryCatalog } from '../testing/catalog-fakes.fixture';
import { ListBookableSchedulesUseCase } from './list-bookable-schedules.use-case';

const CONCERT = '11111111-1111-4111-8111-111111111111';
const CREATED_AT = new Date('2026-12-01T00:00:00Z');

describe('ListBookableSchedulesUseCase', () => {
  let catalog: InMemoryCatalog;
  let clock: FixedClock;
  let sut: ListBookableSchedulesUseCase;

  beforeEach(async () => {
    catalog = new InMemoryCatalog();
    clock = new FixedClock(CREATED_AT);
    sut = new ListBookableSchedulesUseCase(catalog, clock);
    const concert = Concert.create(
      {
        id: CONCERT,
        title: 'T',
        venue: 'V',
        schedules: [
          { id: 'late-evening', startsAt: '2026-12-24T15:30:00Z', seatPrice: 1 }, // 00:30 on the 25th in Seoul
          { id: 'christmas-eve', startsAt: '2026-12-24T19:00:00+09:00', seatPrice: 1 },
          { id: 'sold-out', startsAt: '2026-12-26T19:00:00+09:00', seatPrice: 1 },
        ],
      },
      CREATED_AT,
    );
    await catalog.add(concert, { occurredAt: CREATED_AT });
    catalog.available.set('sold-out', 0);
    catalog.available.set('christmas-eve', 7);
  });

  it('lists schedules not started with seats left, earliest first, dated in Seoul', async () => {
    clock.current = new Date('2026-12-20T00:00:00Z');

    const result = await sut.execute({ concertId: CONCERT });

    expect(result.schedules).toEqual([
      { scheduleId: 'christmas-eve', concertId: CONCERT, date: '2026-12-24', startsAt: '2026-12-24T19:00:00+09:00', totalSeats: 50, availableSeats: 7 },
      { scheduleId: 'late-evening', concertId: CONCERT, date: '2026-12-25', startsAt: '2026-12-25T00:30:00+09:00', totalSeats: 50, availableSeats: 50 },
    ]);
    expect(result.validUntil).toEqual(new Date('2026-12-24T10:00:00Z'));
    expect(result.version).toBe(1);
  });

  it('drops a schedule the moment it starts', async () => {
    clock.current = new Date('2026-12-24T10:00:00Z');

    const result = await sut.execute({ concertId: CONCERT });

    expect(result.schedules.map((schedule) => schedule.scheduleId)).toEqual(['late-evening']);
    expect(result.validUntil).toEqual(new Date('2026-12-24T15:30:00Z'));
  });

  it('answers an empty list once everything has started', async () => {
    clock.current = new Date('2027-01-01T00:00:00Z');

    await expect(sut.execute({ concertId: CONCERT })).resolves.toMatchObject({ schedules: [], validUntil: null });
  });

  it('refuses an unknown concert with CONCERT_NOT_FOUND', async () => {
    await expect(sut.execute({ concertId: '22222222-2222-4222-8222-222222222222' })).rejects.toEqual(
      new DomainError(ErrorCode.CONCERT_NOT_FOUND, 'Concert 22222222-2222-4222-8222-222222222222 does not exist'),
    );
  });
});
