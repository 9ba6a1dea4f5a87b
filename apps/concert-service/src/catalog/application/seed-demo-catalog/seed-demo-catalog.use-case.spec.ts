import { CreateConcertUseCase } from '../create-concert/create-concert.use-case';
import { FixedClock, InMemoryCatalog, SequentialIds } from '../testing/catalog-fakes.fixture';
import { demoConcertId, demoSaleConcertId, mondayOf, SeedDemoCatalogUseCase } from './seed-demo-catalog.use-case';

// The week of 2026-11-26 (a Thursday in Seoul) starts on Monday 2026-11-23.
const DEMO_CONCERT_ID = '5eed0000-c0c0-4a11-9000-000020261123';

describe('SeedDemoCatalogUseCase', () => {
  let catalog: InMemoryCatalog;
  let clock: FixedClock;
  let sut: SeedDemoCatalogUseCase;

  beforeEach(() => {
    catalog = new InMemoryCatalog();
    // 23:30 on Nov 25 UTC is already Thursday Nov 26 in Seoul: dates count from the Seoul calendar.
    clock = new FixedClock(new Date('2026-11-25T23:30:00Z'));
    sut = new SeedDemoCatalogUseCase(new CreateConcertUseCase(catalog, clock, new SequentialIds()), catalog, clock);
  });

  it('finds the Monday of a date and derives a valid id from it', () => {
    expect([mondayOf('2026-11-23'), mondayOf('2026-11-26'), mondayOf('2026-11-29'), mondayOf('2026-11-30')]).toEqual([
      '2026-11-23',
      '2026-11-23',
      '2026-11-23',
      '2026-11-30',
    ]);
    expect(demoConcertId('2026-11-23')).toBe(DEMO_CONCERT_ID);
    expect(DEMO_CONCERT_ID).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
  });

  it('creates the demo concert: Monday to Friday of next week at 19:00 in Seoul, tiered prices, events in the outbox', async () => {
    const result = await sut.execute();

    expect(result).toMatchObject({ concertId: DEMO_CONCERT_ID, created: true });
    const { concert } = catalog.concerts.get(DEMO_CONCERT_ID)!;
    expect(concert.scheduleCreatedEvents().map((event) => event.startsAt)).toEqual([
      '2026-11-30T19:00:00+09:00',
      '2026-12-01T19:00:00+09:00',
      '2026-12-02T19:00:00+09:00',
      '2026-12-03T19:00:00+09:00',
      '2026-12-04T19:00:00+09:00',
    ]);
    const prices = concert.schedules[0].seats.map((seat) => seat.price);
    expect([prices[0], prices[9], prices[10], prices[29], prices[30], prices[49]]).toEqual([150_000, 150_000, 110_000, 110_000, 80_000, 80_000]);
    // Five dates of the weekly concert, two of the upcoming sale.
    expect(catalog.events).toHaveLength(7);
  });

  it('opens a second concert\'s sale at the start of the minute three minutes on, its room pre-queueing until then', async () => {
    const result = await sut.execute();

    // 23:30:00 UTC + 3 min: 23:33 UTC is 08:33 in Seoul.
    expect(result.upcomingSale).toEqual({ concertId: demoSaleConcertId(new Date('2026-11-25T23:33:00Z')), created: true, saleOpensAt: '2026-11-26T08:33:00+09:00' });
    expect(result.upcomingSale.concertId).toBe('5eed0000-c0c0-4a11-9001-002611252333');
    const { concert } = catalog.concerts.get(result.upcomingSale.concertId)!;
    expect(concert.waitingRoom.saleOpensAt?.toISOString()).toBe('2026-11-25T23:33:00.000Z');
    expect(concert.scheduleCreatedEvents().map((event) => event.startsAt)).toEqual(['2026-12-05T18:00:00+09:00', '2026-12-06T18:00:00+09:00']);
  });

  it('creates nothing the second time in the same week and minute; a later start gets a sale of its own', async () => {
    await sut.execute();
    clock.current = new Date('2026-11-25T23:30:40Z');

    await expect(sut.execute()).resolves.toEqual({
      concertId: DEMO_CONCERT_ID,
      created: false,
      scheduleIds: [],
      upcomingSale: { concertId: '5eed0000-c0c0-4a11-9001-002611252334', created: true, saleOpensAt: '2026-11-26T08:34:00+09:00' },
    });
    clock.current = new Date('2026-11-25T23:30:50Z');
    expect((await sut.execute()).upcomingSale.created).toBe(false);
    expect(catalog.concerts.size).toBe(3);
    expect(catalog.events).toHaveLength(9);
  });

  it('creates a new demo concert with dates ahead when started in a later week', async () => {
    await sut.execute();
    clock.current = new Date('2026-12-14T01:00:00Z');

    const result = await sut.execute();

    expect(result).toMatchObject({ concertId: demoConcertId('2026-12-14'), created: true });
    const { concert } = catalog.concerts.get(demoConcertId('2026-12-14'))!;
    expect(concert.scheduleCreatedEvents()[0]?.startsAt).toBe('2026-12-21T19:00:00+09:00');
    // Two weekly concerts and two upcoming sales.
    expect(catalog.concerts.size).toBe(4);
  });
});
