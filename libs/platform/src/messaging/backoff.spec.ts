import { backoffDelay } from './backoff';

describe('backoffDelay', () => {
  const options = { baseMs: 100, maxMs: 5_000 };

  it('doubles from the base after each failure', () => {
    expect([1, 2, 3, 4, 5].map((failures) => backoffDelay(failures, options))).toEqual([100, 200, 400, 800, 1_600]);
  });

  it('is capped', () => {
    expect(backoffDelay(7, options)).toBe(5_000);
    expect(backoffDelay(10_000, options)).toBe(5_000);
  });

  it('is zero before any failure', () => {
    expect(backoffDelay(0, options)).toBe(0);
  });
});
