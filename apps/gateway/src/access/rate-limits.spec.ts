import { budgetOf, RATE_BUDGET_CONFIG, rateLimitsOf } from './rate-limits';

describe('rateLimitsOf', () => {
  it('is off at rate 0', () => {
    expect(rateLimitsOf(0, 10)).toBeUndefined();
  });

  it('gives every budget its share of the per-second rate, never below its floor', () => {
    expect(rateLimitsOf(50, 0)).toEqual({ default: 50, me: 50, lists: 10, charge: 5, 'dev-login': 3, events: 3, admin: 10, 'admin-failure': 3, other: 50 });
  });

  it('sizes the window from RATE_LIMIT_BURST when it is set', () => {
    expect(rateLimitsOf(1, 5)).toMatchObject({ default: 5, lists: 5, charge: 3, 'admin-failure': 3 });
    expect(rateLimitsOf(1000, 2000)).toMatchObject({ default: 2000, lists: 400, charge: 200, 'dev-login': 80, 'admin-failure': 40 });
  });
});

describe('budgetOf', () => {
  const request = (config: object | undefined) => ({ routeOptions: { config } }) as Parameters<typeof budgetOf>[0];

  it('is the budget the route names', () => {
    expect(budgetOf(request({ [RATE_BUDGET_CONFIG]: 'charge' }))).toBe('charge');
    expect(budgetOf(request({ [RATE_BUDGET_CONFIG]: 'me' }))).toBe('me');
  });

  it("is `other` for a route that names none (health, docs, scrapes) and for an unknown path, so nothing goes uncounted", () => {
    expect(budgetOf(request({}))).toBe('other');
    expect(budgetOf(request(undefined))).toBe('other');
    expect(budgetOf(request({ [RATE_BUDGET_CONFIG]: 'no-such-budget' }))).toBe('other');
  });
});
