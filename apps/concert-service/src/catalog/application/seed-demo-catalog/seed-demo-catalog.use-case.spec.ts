import { CreateConcertUseCase } from '../create-concert/create-concert.use-case';
import { FixedClock, InMemoryCatalog, SequentialIds } from '../testing/catalog-fakes.fixture';
import { DEMO_CONCERT_ID, SeedDemoCatalogUseCase } from './seed-demo-catalog.use-case';

describe('SeedDemoCatalogUseCase', () => {
  let catalog: InMemoryCatalog;
  let sut: SeedDemoCatalogUseCase;

  beforeEach(() => {
    catalog = new InMemoryCatalog();
    // 23:30 on Nov 25 UTC is already Nov 26 in Seoul: dates count from the Seoul calendar.
    const clock = new FixedClock(new Date('2026-11-25T23:30:00Z'));
    sut = new SeedDemoCatalogUseCase(new CreateConcertUseCase(catalog, clock, new SequentialIds()), catalog, clock);
  });

  it('creates the demo concert: five dates from next week at 19:00 in Seoul, tiered prices, events in the outbox', async () => {
    const result = await sut.execute();

    expect(result).toMatchObject({ concertId: DEMO_CONCERT_ID, created: true });
    const { concert } = catalog.concerts.get(DEMO_CONCERT_ID)!;
    expect(concert.scheduleCreatedEvents().map((event) => event.startsAt)).toEqual([
      '2026-12-03T19:00:00+09:00',
      '2026-12-04T19:00:00+09:00',
      '2026-12-05T19:00:00+09:00',
      '2026-12-06T19:00:00+09:00',
      '2026-12-07T19:00:00+09:00',
    ]);
    const prices = concert.schedules[0].seats.map((seat) => seat.price);
    expect([prices[0], prices[9], prices[10], prices[29], prices[30], prices[49]]).toEqual([150_000, 150_000, 110_000, 110_000, 80_000, 80_000]);
    expect(catalog.events).toHaveLength(5);
  });

  it('creates nothing the second time', async () => {
    await sut.execute();

    await expect(sut.execute()).resolves.toEqual({ concertId: DEMO_CONCERT_ID, created: false, scheduleIds: [] });
    expect(catalog.concerts.size).toBe(1);
    expect(catalog.events).toHaveLength(5);
  });
});
