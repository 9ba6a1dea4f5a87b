import { FakeClock } from '../../../test/fakes';
import { AdmissionRateEstimator } from './admission-rate-estimator';

describe('AdmissionRateEstimator', () => {
  const start = Date.parse('2030-01-01T12:00:00.000Z');
  const second = Math.floor(start / 1000);
  let clock: FakeClock;
  let sut: AdmissionRateEstimator;

  beforeEach(() => {
    clock = new FakeClock(start);
    sut = new AdmissionRateEstimator(clock, { windowSeconds: 60, floorPerSecond: 0.5 });
  });

  it('uses the floor rate while no admission was observed', () => {
    expect(sut.ratePerSecond()).toBe(0.5);
    expect(sut.waitSeconds(10)).toBe(20);
  });

  it('derives the rate from the admissions of the last window', () => {
    sut.observe([
      { second: second - 59, count: 60 },
      { second: second - 30, count: 120 },
      { second, count: 60 },
    ]);
    expect(sut.admissionsInWindow()).toBe(240);
    expect(sut.ratePerSecond()).toBe(4);
    expect(sut.waitSeconds(1)).toBe(1);
    expect(sut.waitSeconds(17)).toBe(5);
    expect(sut.waitSeconds(400)).toBe(100);
  });

  it('forgets admissions as they fall out of the window', () => {
    sut.observe([
      { second: second - 59, count: 120 },
      { second, count: 60 },
    ]);
    expect(sut.ratePerSecond()).toBe(3);
    clock.advance(1_000);
    expect(sut.ratePerSecond()).toBe(1);
    clock.advance(60_000);
    expect(sut.ratePerSecond()).toBe(0.5);
  });

  it('never estimates below the floor when the window was quiet', () => {
    sut.observe([{ second: second - 10, count: 6 }]);
    expect(sut.ratePerSecond()).toBe(0.5);
  });

  it('grows the estimate with the position', () => {
    sut.observe([{ second, count: 120 }]);
    const waits = [1, 2, 10, 100, 1_000].map((position) => sut.waitSeconds(position));
    expect(waits).toEqual([1, 1, 5, 50, 500]);
  });

  it('answers 0 for no position (not waiting)', () => {
    expect(sut.waitSeconds(0)).toBe(0);
  });

  it('ignores buckets from the future (clock skew between instances)', () => {
    sut.observe([{ second: second + 5, count: 600 }]);
    expect(sut.ratePerSecond()).toBe(0.5);
  });
});
