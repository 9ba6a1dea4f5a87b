import type { Clock } from '../clock';
import { InMemoryRateLimiter } from './in-memory-rate-limiter';
import { gcra, rateLimitOf } from './rate-limiter';

class FakeClock implements Clock {
  now = 1_700_000_000_000;
  nowMs(): number {
    return this.now;
  }
}

describe('rateLimitOf', () => {
  it('is off at rate 0 and defaults the burst to one second of requests', () => {
    expect(rateLimitOf(0, 10)).toBeUndefined();
    expect(rateLimitOf(50, 0)).toEqual({ perSecond: 50, burst: 50 });
    expect(rateLimitOf(50, 5)).toEqual({ perSecond: 50, burst: 5 });
  });
});

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
  it('limits each client on its own', async () => {
    const clock = new FakeClock();
    const sut = new InMemoryRateLimiter({ perSecond: 2, burst: 2 }, clock);
    await expect(sut.tryAcquire('a')).resolves.toBe(true);
    await expect(sut.tryAcquire('a')).resolves.toBe(true);
    await expect(sut.tryAcquire('a')).resolves.toBe(false);
    await expect(sut.tryAcquire('b')).resolves.toBe(true);
    clock.now += 500;
    await expect(sut.tryAcquire('a')).resolves.toBe(true);
    await expect(sut.tryAcquire('a')).resolves.toBe(false);
  });

  it('forgets idle clients when it holds too many, without losing busy ones', async () => {
    const clock = new FakeClock();
    const sut = new InMemoryRateLimiter({ perSecond: 1, burst: 1 }, clock, 2);
    await sut.tryAcquire('idle');
    clock.now += 5_000;
    await sut.tryAcquire('busy');
    await expect(sut.tryAcquire('new')).resolves.toBe(true);
    await expect(sut.tryAcquire('busy')).resolves.toBe(false);
  });
});
