import { decode, encode } from './versioned-read-cache';

describe('cache value encoding', () => {
  it('round-trips version, expiry and a body containing the separator', () => {
    const value = { version: 42, validUntilMs: 1_800_000_000_000, body: '[{"title":"a|b"}]' };

    expect(decode(encode(value))).toEqual(value);
    expect(decode(encode({ ...value, validUntilMs: null }))).toEqual({ ...value, validUntilMs: null });
  });

  it('reads anything else as absent', () => {
    expect(decode(null)).toBeNull();
    expect(decode('garbage')).toBeNull();
    expect(decode('x|1|body')).toBeNull();
  });
});
