import { FakeClock, RecordingQueueMetrics, strictMock, testSettings } from '../../../../test/fakes';
import { AdmissionPolicy } from '../../domain/admission-policy';
import type { ExpireCommand, ExpireOutcome, QueueStore } from '../ports/queue-store.port';
import { ExpirePaidTokenUseCase } from './expire-paid-token.use-case';

describe('ExpirePaidTokenUseCase', () => {
  const userId = '5f0c9a36-2b1e-4a55-8f6e-1f1e9d2c3b4a';
  const concertId = '0192f1a4-7c3e-7b21-9d4f-2a6b8c0e1f35';
  const paidAtMs = Date.parse('2030-01-01T11:59:58.000Z');
  const clock = new FakeClock(Date.parse('2030-01-01T12:00:00.000Z'));
  const policy = new AdmissionPolicy(testSettings);

  function sutWith(outcome: ExpireOutcome) {
    const store = strictMock<QueueStore>({ expire: async (_command: ExpireCommand) => outcome });
    const metrics = new RecordingQueueMetrics();
    return { sut: new ExpirePaidTokenUseCase(store, clock, metrics, policy), store, metrics };
  }

  it('expires the payment token of its user as PAID and counts it', async () => {
    const { sut, store, metrics } = sutWith({ result: 'EXPIRED', tokenId: 'tid-1', admitted: [], capacity: 100 });

    await expect(sut.execute({ concertId, queueTokenId: 'tid-1', userId, paidAtMs, sagaLatencyMs: null })).resolves.toEqual({ result: 'EXPIRED', tokenId: 'tid-1', admitted: [], capacity: 100 });

    expect(store.expire).toHaveBeenCalledWith({ concertId, tokenId: 'tid-1', userId, notJoinedAfterMs: paidAtMs, reason: 'PAID', round: policy.round(clock.ms), limitAdjustment: null });
    expect(metrics.expirations).toEqual([{ reason: 'PAID', count: 1 }]);
    expect(metrics.admissions).toEqual([]);
  });

  it('hands the purchase\u2019s saga latency to the store as a limit adjustment when adaptive admission is on', async () => {
    const adaptive = new AdmissionPolicy({ ...testSettings, admissionLatencyTargetMs: 200, adaptiveMinActiveUsers: 4 });
    const store = strictMock<QueueStore>({ expire: async (_command: ExpireCommand) => ({ result: 'EXPIRED', tokenId: 'tid-1', admitted: [], capacity: 90 }) });
    const metrics = new RecordingQueueMetrics();
    const sut = new ExpirePaidTokenUseCase(store, clock, metrics, adaptive);

    await sut.execute({ concertId, queueTokenId: 'tid-1', userId, paidAtMs, sagaLatencyMs: 350 });

    expect(store.expire).toHaveBeenCalledWith(
      expect.objectContaining({
        limitAdjustment: { latencyMs: 350, targetMs: 200, minLimit: 4, minDecreaseFactor: 0.5, maxDecreaseFactor: 0.9, decreaseIntervalMs: 1_000, idleResetSeconds: 60 },
      }),
    );
  });

  it('adjusts nothing when adaptive admission is off or the latency is unknown', async () => {
    const { sut, store } = sutWith({ result: 'EXPIRED', tokenId: 'tid-1', admitted: [], capacity: 100 });
    await sut.execute({ concertId, queueTokenId: 'tid-1', userId, paidAtMs, sagaLatencyMs: 5_000 });
    expect(store.expire).toHaveBeenLastCalledWith(expect.objectContaining({ limitAdjustment: null }));

    const adaptive = new AdmissionPolicy({ ...testSettings, admissionLatencyTargetMs: 200 });
    expect(adaptive.limitAdjustment(null)).toBeNull();
    expect(adaptive.limitAdjustment(-5)).toMatchObject({ latencyMs: 0 });
  });

  it('counts the admission of the waiting user the freed slot went to', async () => {
    const admitted = [{ tokenId: 'tid-next', waitedMs: 1_250, admissionNo: 7 }];
    const { sut, metrics } = sutWith({ result: 'EXPIRED', tokenId: 'tid-1', admitted, capacity: 100 });

    await expect(sut.execute({ concertId, queueTokenId: 'tid-1', userId, paidAtMs, sagaLatencyMs: null })).resolves.toEqual({ result: 'EXPIRED', tokenId: 'tid-1', admitted, capacity: 100 });
    expect(metrics.admissions).toEqual([1_250]);
  });

  it('falls back to the live token of the user (issued no later than the payment) when the event names none', async () => {
    const { sut, store } = sutWith({ result: 'ISSUED_AFTER', tokenId: 'tid-new' });

    await expect(sut.execute({ concertId, queueTokenId: null, userId, paidAtMs, sagaLatencyMs: null })).resolves.toEqual({ result: 'ISSUED_AFTER', tokenId: 'tid-new' });
    expect(store.expire).toHaveBeenCalledWith(expect.objectContaining({ tokenId: null, notJoinedAfterMs: paidAtMs }));
  });

  it('counts nothing when the token was already expired (redelivery)', async () => {
    const { sut, metrics } = sutWith({ result: 'ALREADY_EXPIRED', tokenId: 'tid-1' });
    await expect(sut.execute({ concertId, queueTokenId: 'tid-1', userId, paidAtMs, sagaLatencyMs: null })).resolves.toEqual({ result: 'ALREADY_EXPIRED', tokenId: 'tid-1' });
    expect(metrics.expirations).toEqual([]);
  });
});
