import { addDays, seoulDateOf, seoulInstant, toSeoulIsoString } from './seoul-time';

describe('Seoul time', () => {
  it.each([
    ['2026-12-24T14:59:59Z', '2026-12-24'],
    ['2026-12-24T15:00:00Z', '2026-12-25'],
    ['2026-12-31T16:30:00Z', '2027-01-01'],
  ])('dates %s on the Seoul calendar as %s', (instant, date) => {
    expect(seoulDateOf(new Date(instant))).toBe(date);
  });

  it('writes instants with the +09:00 offset, milliseconds only when present', () => {
    expect(toSeoulIsoString(new Date('2026-12-24T10:00:00Z'))).toBe('2026-12-24T19:00:00+09:00');
    expect(toSeoulIsoString(new Date('2026-12-24T15:30:00.250Z'))).toBe('2026-12-25T00:30:00.250+09:00');
  });

  it('reads a Seoul wall-clock time', () => {
    expect(seoulInstant('2026-12-24', 19).toISOString()).toBe('2026-12-24T10:00:00.000Z');
    expect(seoulInstant('2027-01-01', 3, 30).toISOString()).toBe('2026-12-31T18:30:00.000Z');
  });

  it('adds calendar days across months and years', () => {
    expect(addDays('2026-12-29', 5)).toBe('2027-01-03');
  });
});
