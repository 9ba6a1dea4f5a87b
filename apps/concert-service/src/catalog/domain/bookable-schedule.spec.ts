import { isBookable } from './bookable-schedule';

const NOW = new Date('2026-12-24T10:00:00Z');
const schedule = (startsAt: string, availableSeats: number) => ({ scheduleId: 's', startsAt: new Date(startsAt), totalSeats: 50, availableSeats });

describe('isBookable', () => {
  it.each([
    ['not started, seats left', '2026-12-24T10:00:01Z', 1, true],
    ['starting right now', '2026-12-24T10:00:00Z', 50, false],
    ['already started', '2026-12-24T09:59:59Z', 50, false],
    ['sold out', '2026-12-25T10:00:00Z', 0, false],
  ])('%s → %s', (_, startsAt, available, expected) => {
    expect(isBookable(schedule(startsAt, available), NOW)).toBe(expected);
  });
});
