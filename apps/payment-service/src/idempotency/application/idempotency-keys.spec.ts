import { DomainError, ErrorCode } from '@concert/contracts';
import { InMemoryUnitOfWork, ManualClock, SequentialIds } from '../../testing/in-memory-unit-of-work.fixture';
import type { IdempotencyScope } from '../domain/idempotency-record';
import { IdempotencyKeys, type IdempotentRequest } from './idempotency-keys';
import { requestHashOf } from './request-hash';

const scope: IdempotencyScope = { userId: 'u-1', endpoint: 'POST /balance/charge', key: 'key-1' };
const request = (amount = 1_000): IdempotentRequest => ({ scope, request: { userId: 'u-1', amount } });
const policy = { ttlMs: 24 * 3_600_000, staleAfterMs: 30_000 };

describe('IdempotencyKeys', () => {
  let unitOfWork: InMemoryUnitOfWork;
  let clock: ManualClock;
  let sut: IdempotencyKeys;

  beforeEach(() => {
    unitOfWork = new InMemoryUnitOfWork();
    clock = new ManualClock();
    sut = new IdempotencyKeys(unitOfWork, clock, new SequentialIds(), policy);
  });

  const stored = () => unitOfWork.state.keys.get('u-1|POST /balance/charge|key-1');
  const codeOf = async (promise: Promise<unknown>) => promise.then(() => undefined, (error: unknown) => (error instanceof DomainError ? error.code : error));

  it('lets a request without a key run with no lease and stores nothing', async () => {
    await expect(sut.claim(undefined)).resolves.toEqual({ kind: 'PROCEED', lease: null });
    expect(unitOfWork.state.keys.size).toBe(0);
  });

  it('claims a new key IN_PROGRESS, with the hash of the canonical request and the configured expiry', async () => {
    const claim = await sut.claim(request());
    expect(claim).toEqual({ kind: 'PROCEED', lease: { scope, ownerId: expect.any(String) } });
    expect(stored()).toMatchObject({
      status: 'IN_PROGRESS',
      requestHash: requestHashOf({ amount: 1_000, userId: 'u-1' }),
      expiresAt: new Date(clock.now().getTime() + policy.ttlMs),
    });
  });

  it('answers 409 IN_PROGRESS to a duplicate while the first runs, 422 to another body under the key', async () => {
    await sut.claim(request());
    await expect(codeOf(sut.claim(request()))).resolves.toBe(ErrorCode.IDEMPOTENCY_KEY_IN_PROGRESS);
    await expect(codeOf(sut.claim(request(2_000)))).resolves.toBe(ErrorCode.IDEMPOTENCY_KEY_REUSED);
  });

  it('replays the stored response once the first attempt completed', async () => {
    const claim = await sut.claim(request());
    if (claim.kind !== 'PROCEED') throw new Error('expected a claim');
    await unitOfWork.transaction((tx) => sut.complete(tx, claim.lease, { status: 200, body: { balance: 1_000 } }));
    await expect(sut.claim(request())).resolves.toEqual({ kind: 'REPLAY', response: { status: 200, body: { balance: 1_000 } } });
  });

  it('frees the key when the request failed, so a retry runs again', async () => {
    const outcome = sut.run(request(), async () => {
      throw new DomainError(ErrorCode.INSUFFICIENT_BALANCE, 'no money');
    });
    await expect(codeOf(outcome)).resolves.toBe(ErrorCode.INSUFFICIENT_BALANCE);
    expect(stored()).toBeUndefined();
    await expect(sut.claim(request())).resolves.toMatchObject({ kind: 'PROCEED' });
  });

  it('takes over an abandoned IN_PROGRESS key after the stale delay, and the old owner can no longer complete', async () => {
    const first = await sut.claim(request());
    if (first.kind !== 'PROCEED') throw new Error('expected a claim');
    clock.advance(policy.staleAfterMs);
    const second = await sut.claim(request());
    expect(second).toMatchObject({ kind: 'PROCEED' });
    await expect(codeOf(unitOfWork.transaction((tx) => sut.complete(tx, first.lease, { status: 200, body: {} })))).resolves.toBe(
      ErrorCode.IDEMPOTENCY_KEY_IN_PROGRESS,
    );
    await sut.release(first.lease); // the old owner's release must not free the new claim
    expect(stored()?.status).toBe('IN_PROGRESS');
  });

  it('ignores and replaces an expired key, even one with another body', async () => {
    const first = await sut.claim(request());
    if (first.kind !== 'PROCEED') throw new Error('expected a claim');
    await unitOfWork.transaction((tx) => sut.complete(tx, first.lease, { status: 200, body: { balance: 1_000 } }));
    clock.advance(policy.ttlMs);
    await expect(sut.claim(request(5_000))).resolves.toMatchObject({ kind: 'PROCEED' });
    expect(stored()?.requestHash).toBe(requestHashOf({ userId: 'u-1', amount: 5_000 }));
  });

  it('does not release a completed key', async () => {
    const claim = await sut.claim(request());
    if (claim.kind !== 'PROCEED') throw new Error('expected a claim');
    await unitOfWork.transaction((tx) => sut.complete(tx, claim.lease, { status: 200, body: {} }));
    await sut.release(claim.lease);
    expect(stored()?.status).toBe('COMPLETED');
  });

  it('gives up with 409 when it keeps losing races for the key', async () => {
    const keys = unitOfWork.direct.idempotencyKeys;
    jest.spyOn(keys, 'tryInsert').mockResolvedValue(false);
    jest.spyOn(keys, 'find').mockResolvedValue(null);
    await expect(codeOf(sut.claim(request()))).resolves.toBe(ErrorCode.IDEMPOTENCY_KEY_IN_PROGRESS);
    expect(keys.tryInsert).toHaveBeenCalledTimes(5);
  });
});

describe('requestHashOf', () => {
  it('does not depend on key order, and differs for another value', () => {
    expect(requestHashOf({ a: 1, b: { c: 2, d: 3 } })).toBe(requestHashOf({ b: { d: 3, c: 2 }, a: 1 }));
    expect(requestHashOf({ a: 1 })).not.toBe(requestHashOf({ a: 2 }));
  });
});
