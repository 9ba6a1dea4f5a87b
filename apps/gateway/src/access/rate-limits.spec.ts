import { rateLimitsOf } from './rate-limits';

describe('rateLimitsOf', () => {
  it('is off at rate 0', () => {
    expect(rateLimitsOf(0, 10)).toBeUndefined();
  });

  it('gives every budget its share of the per-second rate, never below its floor', () => {
    expect(rateLimitsOf(50, 0)).toEqual({ default: 50, lists: 10, charge: 5, 'dev-login': 3, events: 3, admin: 10, 'admin-failure': 3 });
  });

  it('sizes the window from RATE_LIMIT_BURST when it is set', () => {
    expect(rateLimitsOf(1, 5)).toMatchObject({ default: 5, lists: 5, charge: 3, 'admin-failure': 3 });
    expect(rateLimitsOf(1000, 2000)).toMatchObject({ default: 2000, lists: 400, charge: 200, 'dev-login': 80, 'admin-failure': 40 });
  });
});
