import { fromSeoulWallTime, toSeoulWallTime } from './seoul-time';

describe('Seoul wall time', () => {
  it('reads a datetime-local value as Seoul time', () => {
    expect(fromSeoulWallTime('2030-05-01T19:30')).toBe('2030-05-01T19:30:00+09:00');
    expect(Date.parse(fromSeoulWallTime('2030-05-01T19:30:15'))).toBe(Date.parse('2030-05-01T10:30:15Z'));
  });

  it('writes a moment as the datetime-local value of Seoul', () => {
    expect(toSeoulWallTime(Date.parse('2030-05-01T10:30:00Z'))).toBe('2030-05-01T19:30');
    expect(fromSeoulWallTime(toSeoulWallTime(Date.parse('2030-12-31T20:00:00Z')))).toBe('2031-01-01T05:00:00+09:00');
  });
});
