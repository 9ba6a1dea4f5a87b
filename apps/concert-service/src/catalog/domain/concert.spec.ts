import { DomainError, ErrorCode } from '@concert/contracts';
import { Concert, type ConcertInput } from './concert';

const NOW = new Date('2026-11-26T00:00:00Z');
const CONCERT_ID = '0b7e7f4e-1c57-4f43-9bd3-4f0f2c3f0c01';
const SCHEDULE_ID = '0b7e7f4e-1c57-4f43-9bd3-4f0f2c3f0c02';

function input(overrides: Partial<ConcertInput> = {}): ConcertInput {
  return {
    id: CONCERT_ID,
    title: 'Winter Symphony',
    venue: 'Olympic Hall',
    schedules: [{ id: SCHEDULE_ID, startsAt: '2026-12-24T19:00:00+09:00', seatPrice: 80_000 }],
    ...overrides,
  };
}

function problemsOf(action: () => unknown): string[] {
  try {
    action();
  } catch (error) {
    expect(error).toBeInstanceOf(DomainError);
    expect((error as DomainError).code).toBe(ErrorCode.VALIDATION_FAILED);
    return ((error as DomainError).details as { problems: string[] }).problems;
  }
  throw new Error('expected a validation failure');
}

describe('Concert.create', () => {
  it('prices all 50 seats, with per-seat overrides', () => {
    const sut = Concert.create(
      input({ schedules: [{ id: SCHEDULE_ID, startsAt: '2026-12-24T19:00:00+09:00', seatPrice: 80_000, seatPrices: { '1': 150_000, '50': 60_000 } }] }),
      NOW,
    );

    const seats = sut.schedules[0].seats;
    expect(seats).toHaveLength(50);
    expect(seats.map((seat) => seat.seatNo)).toEqual(Array.from({ length: 50 }, (_, index) => index + 1));
    expect(seats[0]).toEqual({ seatNo: 1, price: 150_000 });
    expect(seats[1]).toEqual({ seatNo: 2, price: 80_000 });
    expect(seats[49]).toEqual({ seatNo: 50, price: 60_000 });
  });

  it('takes the last instant of the year 9999 at the venue, and names in any script', () => {
    const sut = Concert.create(input({ title: '겨울 교향곡 🎻', schedules: [{ id: SCHEDULE_ID, startsAt: '9999-12-31T14:59:59Z', seatPrice: 1 }] }), NOW);

    expect(sut.title).toBe('겨울 교향곡 🎻');
    expect(sut.scheduleCreatedEvents()[0]?.startsAt).toBe('9999-12-31T23:59:59+09:00');
  });

  it('trims title and venue', () => {
    const sut = Concert.create(input({ title: '  Winter  ', venue: ' Hall ' }), NOW);

    expect([sut.title, sut.venue]).toEqual(['Winter', 'Hall']);
  });

  it.each([
    ['an empty title', { title: '' }, 'title must be a non-empty string'],
    ['a blank title', { title: '   ' }, 'title must be a non-empty string'],
    ['a title that is not a string', { title: 42 }, 'title must be a non-empty string'],
    ['a too long venue', { venue: 'x'.repeat(201) }, 'venue must be at most 200 characters'],
    ['no schedules', { schedules: [] }, 'schedules must contain at least one schedule'],
    ['a NUL in the title', { title: 'Winter\u0000Symphony' }, 'title must not contain control characters'],
    ['a line break in the venue', { venue: 'Olympic\nHall' }, 'venue must not contain control characters'],
    ['a lone surrogate in the title', { title: 'Winter \uD83C' }, 'title must be well-formed Unicode (no lone surrogates)'],
    ['a title of zero-width characters only', { title: '\u200B\u2060\uFEFF' }, 'title must contain a visible character'],
    ['a venue of an ideographic space and a zero-width space', { venue: '\u3000\u200B' }, 'venue must contain a visible character'],
  ])('refuses %s', (_, overrides, problem) => {
    expect(problemsOf(() => Concert.create(input(overrides), NOW))).toContain(problem);
  });

  it.each([
    ['a start in the past', '2026-11-25T23:59:59Z', 'must be in the future'],
    ['a start exactly now', '2026-11-26T00:00:00Z', 'must be in the future'],
    ['a date without a time', '2026-12-24', 'must be an ISO-8601 date-time with an offset'],
    ['a time without an offset', '2026-12-24T19:00:00', 'must be an ISO-8601 date-time with an offset'],
    ['February 30th', '2027-02-30T19:00:00+09:00', 'must be an ISO-8601 date-time with an offset'],
    ['hour 24', '2027-01-01T24:00:00+09:00', 'must be an ISO-8601 date-time with an offset'],
    ['a non-date', 'tomorrow', 'must be an ISO-8601 date-time with an offset'],
    ['a number', 1_800_000_000_000, 'must be an ISO-8601 date-time with an offset'],
    ['a start whose date at the venue is in the year 10000', '9999-12-31T15:00:00Z', 'must be before the year 10000 at the venue'],
  ])('refuses %s', (_, startsAt, problem) => {
    const problems = problemsOf(() => Concert.create(input({ schedules: [{ id: SCHEDULE_ID, startsAt, seatPrice: 1 }] }), NOW));

    expect(problems).toEqual([expect.stringContaining(`schedules.0.startsAt ${problem}`)]);
  });

  it.each([
    ['zero', 0],
    ['negative', -5],
    ['fractional', 1.5],
    ['a string', '80000'],
    ['above 10,000,000', 10_000_001],
  ])('refuses a %s seat price', (_, seatPrice) => {
    const problems = problemsOf(() => Concert.create(input({ schedules: [{ id: SCHEDULE_ID, startsAt: '2026-12-24T19:00:00+09:00', seatPrice }] }), NOW));

    expect(problems).toEqual([expect.stringContaining('schedules.0.seatPrice must be an integer number of won')]);
  });

  it.each([
    ['seat 0', { '0': 1 }, 'key "0" is not a seat number'],
    ['seat 51', { '51': 1 }, 'key "51" is not a seat number'],
    ['a padded number', { '07': 1 }, 'key "07" is not a seat number'],
    ['a word', { vip: 1 }, 'key "vip" is not a seat number'],
    ['a zero price', { '7': 0 }, 'seatPrices["7"] must be an integer number of won'],
    ['a fractional price', { '7': 0.5 }, 'seatPrices["7"] must be an integer number of won'],
  ])('refuses a seatPrices override with %s', (_, seatPrices, problem) => {
    const problems = problemsOf(() =>
      Concert.create(input({ schedules: [{ id: SCHEDULE_ID, startsAt: '2026-12-24T19:00:00+09:00', seatPrice: 1, seatPrices }] }), NOW),
    );

    expect(problems).toEqual([expect.stringContaining(problem)]);
  });

  describe('waiting room', () => {
    it('takes every default (null) when the option is left out or null', () => {
      expect(Concert.create(input(), NOW).waitingRoom).toEqual({ maxActiveUsers: null, activeSeconds: null, saleOpensAt: null });
      expect(Concert.create(input({ waitingRoom: null }), NOW).waitingRoom).toEqual({ maxActiveUsers: null, activeSeconds: null, saleOpensAt: null });
    });

    it('keeps the settings given, at the bounds included, and a sale opening in the past', () => {
      const sut = Concert.create(input({ waitingRoom: { maxActiveUsers: 1_000_000, activeSeconds: 10, saleOpensAt: '2026-11-01T20:00:00+09:00' } }), NOW);

      expect(sut.waitingRoom).toEqual({ maxActiveUsers: 1_000_000, activeSeconds: 10, saleOpensAt: new Date('2026-11-01T11:00:00Z') });
      expect(Concert.create(input({ waitingRoom: { maxActiveUsers: 1, activeSeconds: 86_400 } }), NOW).waitingRoom).toMatchObject({ maxActiveUsers: 1, activeSeconds: 86_400 });
    });

    it.each([
      ['maxActiveUsers 0', { maxActiveUsers: 0 }, 'waitingRoom.maxActiveUsers must be an integer in 1..1000000'],
      ['maxActiveUsers 1.5', { maxActiveUsers: 1.5 }, 'waitingRoom.maxActiveUsers must be an integer in 1..1000000'],
      ['maxActiveUsers above 1,000,000', { maxActiveUsers: 1_000_001 }, 'waitingRoom.maxActiveUsers must be an integer in 1..1000000'],
      ['maxActiveUsers as text', { maxActiveUsers: '5' }, 'waitingRoom.maxActiveUsers must be an integer in 1..1000000'],
      ['activeSeconds 9', { activeSeconds: 9 }, 'waitingRoom.activeSeconds must be an integer in 10..86400'],
      ['activeSeconds above a day', { activeSeconds: 86_401 }, 'waitingRoom.activeSeconds must be an integer in 10..86400'],
      ['saleOpensAt "soon"', { saleOpensAt: 'soon' }, 'waitingRoom.saleOpensAt must be an ISO-8601 date-time with an offset'],
      ['saleOpensAt without an offset', { saleOpensAt: '2026-12-01T20:00:00' }, 'waitingRoom.saleOpensAt must be an ISO-8601 date-time with an offset'],
      ['saleOpensAt as a number', { saleOpensAt: 1_800_000_000_000 }, 'waitingRoom.saleOpensAt must be an ISO-8601 date-time with an offset'],
      ['an unknown option', { capacity: 5 }, 'waitingRoom.capacity is not a waiting-room option'],
    ])('refuses %s', (_, waitingRoom, problem) => {
      expect(problemsOf(() => Concert.create(input({ waitingRoom }), NOW))).toEqual([expect.stringContaining(problem)]);
    });

    it('refuses a waiting room that is not an object', () => {
      expect(problemsOf(() => Concert.create(input({ waitingRoom: [500] }), NOW))).toEqual(['waitingRoom must be an object']);
    });
  });

  it('refuses two schedules at the same instant, however written', () => {
    const problems = problemsOf(() =>
      Concert.create(
        input({
          schedules: [
            { id: 'a', startsAt: '2026-12-24T19:00:00+09:00', seatPrice: 1 },
            { id: 'b', startsAt: '2026-12-24T10:00:00Z', seatPrice: 1 },
          ],
        }),
        NOW,
      ),
    );

    expect(problems).toEqual(['schedules.1.startsAt repeats schedules.0.startsAt']);
  });

  it('reports every problem at once', () => {
    const problems = problemsOf(() => Concert.create({ id: CONCERT_ID, title: '', venue: '', schedules: [{ id: 'a', startsAt: 'x', seatPrice: 0 }] }, NOW));

    expect(problems).toHaveLength(4);
  });

  it('announces each schedule with its seats and prices, startsAt in Seoul time', () => {
    const sut = Concert.create(input({ schedules: [{ id: SCHEDULE_ID, startsAt: '2026-12-24T10:00:00Z', seatPrice: 80_000, seatPrices: { '3': 99_000 } }] }), NOW);

    const [event] = sut.scheduleCreatedEvents();

    expect(event).toMatchObject({ concertId: CONCERT_ID, scheduleId: SCHEDULE_ID, startsAt: '2026-12-24T19:00:00+09:00' });
    expect(event.seats).toHaveLength(50);
    expect(event.seats[2]).toEqual({ seatNo: 3, price: 99_000 });
  });
});
