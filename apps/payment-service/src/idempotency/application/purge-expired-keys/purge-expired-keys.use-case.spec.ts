import { InMemoryUnitOfWork, ManualClock } from '../../../testing/in-memory-unit-of-work.fixture';
import type { IdempotencyRecord } from '../../domain/idempotency-record';
import { PURGE_BATCH_SIZE, PurgeExpiredKeysUseCase } from './purge-expired-keys.use-case';

describe('PurgeExpiredKeysUseCase', () => {
  it('deletes every expired key, batch after batch, and keeps live ones', async () => {
    const unitOfWork = new InMemoryUnitOfWork();
    const clock = new ManualClock(new Date('2030-01-02T00:00:00.000Z'));
    const key = (n: number, expiresAt: Date): IdempotencyRecord => ({
      userId: 'u-1',
      endpoint: 'POST /balance/charge',
      key: `k-${n}`,
      requestHash: 'h',
      ownerId: `o-${n}`,
      lockedAt: new Date('2030-01-01T00:00:00.000Z'),
      expiresAt,
      status: 'IN_PROGRESS',
      response: null,
    });
    const expired = PURGE_BATCH_SIZE + 5;
    for (let n = 0; n < expired; n++) unitOfWork.state.keys.set(`k-${n}`, key(n, clock.now()));
    unitOfWork.state.keys.set('live', key(-1, new Date(clock.now().getTime() + 1)));
    const sut = new PurgeExpiredKeysUseCase(unitOfWork, clock);
    await expect(sut.execute()).resolves.toBe(expired);
    expect([...unitOfWork.state.keys.keys()]).toEqual(['live']);
  });
});
