import { decideOnExistingKey, type IdempotencyPolicy, type IdempotencyRecord } from './idempotency-record';

const policy: IdempotencyPolicy = { ttlMs: 24 * 3_600_000, staleAfterMs: 30_000 };
const claimedAt = new Date('2030-01-01T00:00:00.000Z');
const at = (ms: number) => new Date(claimedAt.getTime() + ms);

const base = {
  userId: 'u-1',
  endpoint: 'POST /balance/charge' as const,
  key: 'k-1',
  requestHash: 'hash-a',
  ownerId: 'owner-1',
  lockedAt: claimedAt,
  expiresAt: at(policy.ttlMs),
};
const inProgress: IdempotencyRecord = { ...base, status: 'IN_PROGRESS', response: null };
const completed: IdempotencyRecord = { ...base, status: 'COMPLETED', response: { status: 200, body: { balance: 1 } } };

describe('decideOnExistingKey', () => {
  it('replays a completed request with the same body', () => {
    expect(decideOnExistingKey(completed, 'hash-a', at(1_000), policy)).toEqual({ kind: 'REPLAY', response: { status: 200, body: { balance: 1 } } });
  });

  it('refuses another body under a live key, completed or not', () => {
    expect(decideOnExistingKey(completed, 'hash-b', at(1_000), policy)).toEqual({ kind: 'REUSED' });
    expect(decideOnExistingKey(inProgress, 'hash-b', at(1_000), policy)).toEqual({ kind: 'REUSED' });
  });

  it('answers IN_PROGRESS while the first attempt may still be running', () => {
    expect(decideOnExistingKey(inProgress, 'hash-a', at(policy.staleAfterMs - 1), policy)).toEqual({ kind: 'IN_PROGRESS' });
  });

  it('takes over an IN_PROGRESS key whose attempt died (older than staleAfterMs)', () => {
    expect(decideOnExistingKey(inProgress, 'hash-a', at(policy.staleAfterMs), policy)).toEqual({ kind: 'TAKE_OVER' });
  });

  it('treats an expired key as absent, whatever it held', () => {
    expect(decideOnExistingKey(completed, 'hash-a', at(policy.ttlMs), policy)).toEqual({ kind: 'TAKE_OVER' });
    expect(decideOnExistingKey(completed, 'hash-b', at(policy.ttlMs + 1), policy)).toEqual({ kind: 'TAKE_OVER' });
  });
});
