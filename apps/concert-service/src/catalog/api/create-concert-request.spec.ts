import { CreateConcertRequest, DomainError, ErrorCode, ScheduleSeatsParams } from '@concert/contracts';
import { createValidationPipe } from '@concert/platform';

/** The admin body through the same ValidationPipe the service uses. */
async function validate(body: unknown, metatype: new () => object = CreateConcertRequest): Promise<unknown> {
  return createValidationPipe().transform(body, { type: 'body', metatype });
}

async function problemsOf(body: unknown): Promise<string[]> {
  const error = await validate(body).then(
    () => {
      throw new Error('expected VALIDATION_FAILED');
    },
    (caught: unknown) => caught,
  );
  expect(error).toBeInstanceOf(DomainError);
  expect((error as DomainError).code).toBe(ErrorCode.VALIDATION_FAILED);
  return ((error as DomainError).details as { problems: string[] }).problems;
}

const valid = { title: 'Winter', venue: 'Hall', schedules: [{ startsAt: '2030-12-24T19:00:00+09:00', seatPrice: 80_000 }] };

describe('CreateConcertRequest validation', () => {
  it('accepts a well-formed body, with seat overrides', async () => {
    const body = { ...valid, schedules: [{ ...valid.schedules[0], seatPrices: { '1': 120_000, '50': 1 } }] };

    await expect(validate(body)).resolves.toBeInstanceOf(CreateConcertRequest);
  });

  it.each([
    ['an empty title', { ...valid, title: '' }, 'title'],
    ['a blank title', { ...valid, title: '   ' }, 'title must contain a visible character'],
    ['a venue of zero-width spaces', { ...valid, venue: '\u200B\u200B' }, 'venue must contain a visible character'],
    ['a missing venue', { title: 'T', schedules: valid.schedules }, 'venue'],
    ['no schedules', { ...valid, schedules: [] }, 'schedules must contain at least 1 elements'],
    ['schedules that are not a list', { ...valid, schedules: { startsAt: 'x' } }, 'schedules must be an array'],
    ['an unknown field', { ...valid, organizer: 'me' }, 'property organizer should not exist'],
  ])('refuses %s', async (_, body, problem) => {
    const problems = await problemsOf(body);

    expect(problems.join('\n')).toContain(problem);
  });

  it('accepts waiting-room options, each optional', async () => {
    for (const waitingRoom of [{}, { maxActiveUsers: 1 }, { maxActiveUsers: 1_000_000, activeSeconds: 10, saleOpensAt: '2030-12-01T20:00:00+09:00' }, { activeSeconds: 86_400 }]) {
      await expect(validate({ ...valid, waitingRoom })).resolves.toMatchObject({ waitingRoom });
    }
  });

  it.each([
    ['maxActiveUsers 0', { maxActiveUsers: 0 }, 'waitingRoom.maxActiveUsers must not be less than 1'],
    ['maxActiveUsers 1.5', { maxActiveUsers: 1.5 }, 'waitingRoom.maxActiveUsers must be an integer number'],
    ['maxActiveUsers above 1,000,000', { maxActiveUsers: 1_000_001 }, 'waitingRoom.maxActiveUsers must not be greater than 1000000'],
    ['activeSeconds 9', { activeSeconds: 9 }, 'waitingRoom.activeSeconds must not be less than 10'],
    ['activeSeconds above a day', { activeSeconds: 86_401 }, 'waitingRoom.activeSeconds must not be greater than 86400'],
    ['activeSeconds as text', { activeSeconds: '60' }, 'waitingRoom.activeSeconds must be an integer number'],
    ['saleOpensAt "soon"', { saleOpensAt: 'soon' }, 'waitingRoom.saleOpensAt must be a valid ISO 8601 date string'],
    ['saleOpensAt without an offset', { saleOpensAt: '2030-12-01T20:00:00' }, 'waitingRoom.saleOpensAt must be an ISO-8601 date-time with an offset'],
    ['an unknown option', { capacity: 5 }, 'waitingRoom.capacity: property capacity should not exist'],
  ])('refuses a waiting room with %s', async (_, waitingRoom, problem) => {
    const problems = await problemsOf({ ...valid, waitingRoom });

    expect(problems.join('\n')).toContain(problem);
  });

  it('refuses a waiting room that is not an object', async () => {
    const problems = await problemsOf({ ...valid, waitingRoom: 'soon' });

    expect(problems.join('\n')).toContain('waitingRoom must be an object');
  });

  it.each([
    ['a malformed date', { startsAt: '24/12/2030 19:00', seatPrice: 1 }, 'schedules.0.startsAt'],
    ['a date without a time', { startsAt: '2030-12-24', seatPrice: 1 }, 'schedules.0.startsAt must be an ISO-8601 date-time with an offset'],
    ['a time without an offset', { startsAt: '2030-12-24T19:00:00', seatPrice: 1 }, 'schedules.0.startsAt must be an ISO-8601 date-time with an offset'],
    ['February 30th', { startsAt: '2031-02-30T19:00:00+09:00', seatPrice: 1 }, 'schedules.0.startsAt must be a valid ISO 8601 date string'],
    ['a zero price', { startsAt: valid.schedules[0].startsAt, seatPrice: 0 }, 'schedules.0.seatPrice must not be less than 1'],
    ['a negative price', { startsAt: valid.schedules[0].startsAt, seatPrice: -1 }, 'schedules.0.seatPrice must not be less than 1'],
    ['a fractional price', { startsAt: valid.schedules[0].startsAt, seatPrice: 10.5 }, 'schedules.0.seatPrice must be an integer number'],
    ['a price as a string', { startsAt: valid.schedules[0].startsAt, seatPrice: '100' }, 'schedules.0.seatPrice must be an integer number'],
    ['seat 0 overridden', { startsAt: valid.schedules[0].startsAt, seatPrice: 1, seatPrices: { '0': 5 } }, 'schedules.0.seatPrices must map seat numbers'],
    ['seat 51 overridden', { startsAt: valid.schedules[0].startsAt, seatPrice: 1, seatPrices: { '51': 5 } }, 'schedules.0.seatPrices must map seat numbers'],
    ['an override that is not an integer', { startsAt: valid.schedules[0].startsAt, seatPrice: 1, seatPrices: { '5': 1.5 } }, 'schedules.0.seatPrices must map'],
    ['overrides as a list', { startsAt: valid.schedules[0].startsAt, seatPrice: 1, seatPrices: [1, 2] }, 'schedules.0.seatPrices must be an object'],
  ])('refuses a schedule with %s', async (_, schedule, problem) => {
    const problems = await problemsOf({ ...valid, schedules: [schedule] });

    expect(problems.join('\n')).toContain(problem);
  });
});

describe('ScheduleSeatsParams', () => {
  it('lower-cases ids so they compare as stored', async () => {
    const params = (await createValidationPipe().transform(
      { concertId: 'AAAAAAAA-0000-4000-8000-000000000001', scheduleId: 'BBBBBBBB-0000-4000-8000-000000000002' },
      { type: 'param', metatype: ScheduleSeatsParams },
    )) as ScheduleSeatsParams;

    expect(params).toMatchObject({ concertId: 'aaaaaaaa-0000-4000-8000-000000000001', scheduleId: 'bbbbbbbb-0000-4000-8000-000000000002' });
  });

  it('refuses ids that are not UUIDs', async () => {
    await expect(
      createValidationPipe().transform({ concertId: 'nope', scheduleId: 'x' }, { type: 'param', metatype: ScheduleSeatsParams }),
    ).rejects.toMatchObject({ code: ErrorCode.VALIDATION_FAILED });
  });
});
