import type { Clock } from '../clock';
import { InMemoryRateLimiter } from './in-memory-rate-limiter';
import { gcra, type RateBudget, type RateLimit, rateLimitsOf } from './rate-limiter';

class FakeClock implements Clock {
  now = 1_700_000_000_000;
  nowMs(): number {
    return this.now;
  }
}

describe('rateLimitsOf', () => {
  it('is off at rate 0 and defaults the burst to one second of requests', () => {
    expect(rateLimitsOf(0, 10)).toBeUndefined();
    expect(rateLimitsOf(50, 0)?.default).toEqual({ perSecond: 50, burst: 50 });
    expect(rateLimitsOf(50, 5)?.default).toEqual({ perSecond: 50, burst: 5 });
  });

  it('gives the costly routes a share of the rate, never a burst below their floor', () => {
    const limits = rateLimitsOf(50, 0);
    expect(limits?.charge).toEqual({ perSecond: 5, burst: 5 });
    expect(limits?.['dev-login']).toEqual({ perSecond: 2, burst: 3 });
    expect(limits?.['admin-failure']).toEqual({ perSecond: 1, burst: 3 });
    expect(limits?.lists).toEqual({ perSecond: 10, burst: 10 });
  });
});

/** The same limit for every budget. */
function everyBudget(limit: RateLimit): Record<RateBudget, RateLimit> {
  const all = rateLimitsOf(1, 0);
  if (!all) throw new Error('unreachable');
  return Object.fromEntries(Object.keys(all).map((name) => [name, limit])) as Record<RateBudget, RateLimit>;
}

describe('gcra', () => {
  const limit = { perSecond: 10, burst: 3 };

  it('admits a burst, then refuses until an interval passes', () => {
    let tat: number | undefined;
    const now = 5_000_000;
    const admitted: boolean[] = [];
    for (let i = 0; i < 5; i++) {
      const next = gcra(tat, now, limit);
      admitted.push(next !== undefined);
      if (next !== undefined) tat = next;
    }
    expect(admitted).toEqual([true, true, true, false, false]);
    expect(gcra(tat, now + 99_999, limit)).toBeUndefined();
    expect(gcra(tat, now + 100_000, limit)).toBeDefined();
  });
});

describe('InMemoryRateLimiter', () => {
  it('limits each client and each budget on its own', async () => {
    const clock = new FakeClock();
    const sut = new InMemoryRateLimiter(everyBudget({ perSecond: 2, burst: 2 }), clock);
    await expect(sut.tryAcquire('a', 'default')).resolves.toBe(true);
    await expect(sut.tryAcquire('a', 'default')).resolves.toBe(true);
    await expect(sut.tryAcquire('a', 'default')).resolves.toBe(false);
    await expect(sut.tryAcquire('b', 'default')).resolves.toBe(true);
    await expect(sut.tryAcquire('a', 'charge')).resolves.toBe(true);
    clock.now += 500;
    await expect(sut.tryAcquire('a', 'default')).resolves.toBe(true);
    await expect(sut.tryAcquire('a', 'default')).resolves.toBe(false);
  });

  it('forgets idle clients when it holds too many, without losing busy ones', async () => {
    const clock = new FakeClock();
    const sut = new InMemoryRateLimiter(everyBudget({ perSecond: 1, burst: 1 }), clock, 2);
    await sut.tryAcquire('idle', 'default');
    clock.now += 5_000;
    await sut.tryAcquire('busy', 'default');
    await expect(sut.tryAcquire('new', 'default')).resolves.toBe(true);
    await expect(sut.tryAcquire('busy', 'default')).resolves.toBe(false);
  });
});
