import { CALLER_ASSERTION_TTL_MS, signCallerAssertion, verifyCallerAssertion } from './caller-assertion';

describe('caller assertion', () => {
  const key = 'k'.repeat(40);
  const now = 1_900_000_000_000;
  const claims = { sub: '5f0c9a36-2b1e-4a55-8f6e-1f1e9d2c3b4a', qtid: null, iss: 'gateway', m: 'GET', p: '/api/v1/users/5f0c9a36-2b1e-4a55-8f6e-1f1e9d2c3b4a/balance' };
  const request = { method: 'GET', path: claims.p, nowMs: now + 1 };

  it('verifies an assertion made for this request and gives its claims', () => {
    expect(verifyCallerAssertion(signCallerAssertion(claims, key, now), [key], request)).toEqual({ ...claims, qcid: null, exp: now + CALLER_ASSERTION_TTL_MS });
  });

  it('accepts a previous key during rotation, and refuses any other key', () => {
    expect(verifyCallerAssertion(signCallerAssertion(claims, 'old-key', now), [key, 'old-key'], request)).not.toBeNull();
    expect(verifyCallerAssertion(signCallerAssertion(claims, 'other', now), [key], request)).toBeNull();
  });

  it('is bound to its method and path: replayed elsewhere it is refused', () => {
    const sut = signCallerAssertion(claims, key, now);
    expect(verifyCallerAssertion(sut, [key], { ...request, method: 'POST' })).toBeNull();
    expect(verifyCallerAssertion(sut, [key], { ...request, path: '/api/v1/users/0e9b7a52-54a1-4c57-a1c4-1a3c8f0d9e21/balance' })).toBeNull();
    expect(verifyCallerAssertion(sut, [key], { ...request, path: `${claims.p}?limit=1` })).toBeNull();
  });

  it('expires', () => {
    const sut = signCallerAssertion(claims, key, now);
    expect(verifyCallerAssertion(sut, [key], { ...request, nowMs: now + CALLER_ASSERTION_TTL_MS - 1 })).not.toBeNull();
    expect(verifyCallerAssertion(sut, [key], { ...request, nowMs: now + CALLER_ASSERTION_TTL_MS })).toBeNull();
  });

  it('refuses a changed payload, whoever it names', () => {
    const [version, , signature] = signCallerAssertion(claims, key, now).split('.') as [string, string, string];
    const forged = Buffer.from(JSON.stringify({ ...claims, sub: '0e9b7a52-54a1-4c57-a1c4-1a3c8f0d9e21', exp: now + 10_000 })).toString('base64url');
    expect(verifyCallerAssertion(`${version}.${forged}.${signature}`, [key], request)).toBeNull();
  });

  it.each(['', 'x', 'ca1.a', 'ca1..', 'ca2.a.b', `ca1.${'a'.repeat(5000)}.b`])('refuses malformed %p', (sent) => {
    expect(verifyCallerAssertion(sent, [key], request)).toBeNull();
  });
});
