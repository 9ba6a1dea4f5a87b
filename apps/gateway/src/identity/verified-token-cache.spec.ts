import { VerifiedTokenCache } from './verified-token-cache';

describe('VerifiedTokenCache', () => {
  it('gives back a kept token until the sooner of its validity and the age limit', () => {
    const cache = new VerifiedTokenCache({ maxEntries: 10, maxAgeMs: 1_000 });
    cache.remember('a', 'user-a', 10_000, 0);
    cache.remember('b', 'user-b', 500, 0);
    expect([cache.userIdOf('a', 999), cache.userIdOf('b', 499)]).toEqual(['user-a', 'user-b']);
    expect([cache.userIdOf('a', 1_000), cache.userIdOf('b', 500)]).toEqual([undefined, undefined]);
    expect(cache.size).toBe(0);
  });

  it('drops the least recently used token past its size', () => {
    const cache = new VerifiedTokenCache({ maxEntries: 2, maxAgeMs: 1_000 });
    cache.remember('a', 'user-a', 10_000, 0);
    cache.remember('b', 'user-b', 10_000, 0);
    expect(cache.userIdOf('a', 1)).toBe('user-a'); // a is now the most recent
    cache.remember('c', 'user-c', 10_000, 1);
    expect([cache.userIdOf('a', 2), cache.userIdOf('b', 2), cache.userIdOf('c', 2)]).toEqual(['user-a', undefined, 'user-c']);
    expect(cache.size).toBe(2);
  });

  it('keeps nothing when off, already expired, or for an overlong token', () => {
    const off = new VerifiedTokenCache({ maxEntries: 0, maxAgeMs: 1_000 });
    off.remember('a', 'user-a', 10_000, 0);
    expect(off.userIdOf('a', 1)).toBeUndefined();
    const cache = new VerifiedTokenCache({ maxEntries: 10, maxAgeMs: 1_000 });
    cache.remember('expired', 'user-a', 5, 5);
    cache.remember('x'.repeat(2_049), 'user-b', 10_000, 0);
    expect(cache.size).toBe(0);
  });
});
