import { QueueTokenStatus } from '@concert/contracts';
import { FakeClock, RecordingQueueMetrics, strictMock, testSettings } from '../../../../test/fakes';
import { AdmissionPolicy } from '../../domain/admission-policy';
import { AdmissionRateEstimator } from '../../domain/admission-rate-estimator';
import { HmacQueueTokenSigner } from '../../infrastructure/hmac-queue-token.signer';
import type { JoinCommand, JoinResult, QueueStore } from '../ports/queue-store.port';
import type { TokenIdGenerator } from '../ports/token-id-generator.port';
import { JoinQueueUseCase } from './join-queue.use-case';

describe('JoinQueueUseCase', () => {
  const userId = '5f0c9a36-2b1e-4a55-8f6e-1f1e9d2c3b4a';
  const signer = new HmacQueueTokenSigner(['secret-1']);
  let clock: FakeClock;
  let metrics: RecordingQueueMetrics;
  let policy: AdmissionPolicy;
  let estimator: AdmissionRateEstimator;

  beforeEach(() => {
    clock = new FakeClock(Date.parse('2030-01-01T12:00:00.250Z'));
    metrics = new RecordingQueueMetrics();
    policy = new AdmissionPolicy({ ...testSettings, maxActiveUsers: 10, activeSeconds: 600 });
    estimator = new AdmissionRateEstimator(clock, { windowSeconds: 60, floorPerSecond: 2 });
  });

  function sutWith(join: (command: JoinCommand) => Promise<JoinResult>) {
    const store = strictMock<QueueStore>({ join });
    const ids = strictMock<TokenIdGenerator>({ next: () => 'token-new' });
    return { sut: new JoinQueueUseCase(store, signer, ids, clock, metrics, policy, estimator), store };
  }

  it('enqueues with a fresh token id, the current instant and the policy round', async () => {
    const { sut, store } = sutWith(async (command) => ({
      created: true,
      place: { tokenId: command.tokenId, userId, issuedAtSeconds: command.issuedAtSeconds, status: 'WAITING', position: 17, activeUntilMs: null },
      admitted: [],
    }));

    const result = await sut.execute({ userId });

    expect(store.join).toHaveBeenCalledWith({ tokenId: 'token-new', userId, issuedAtSeconds: Math.floor(clock.ms / 1000), round: policy.round(clock.ms) });
    expect(result.created).toBe(true);
    expect(result.view).toEqual({
      token: expect.any(String),
      userId,
      status: QueueTokenStatus.WAITING,
      position: 17,
      estimatedWaitSeconds: 9,
      expiresAt: null,
    });
    expect(signer.verify(result.view.token)).toEqual({ tokenId: 'token-new', userId, issuedAtSeconds: Math.floor(clock.ms / 1000) });
  });

  it('joins under the lower-case form of the user id, so one user has one place whatever the case', async () => {
    const { sut, store } = sutWith(async (command) => ({
      created: true,
      place: { tokenId: command.tokenId, userId: command.userId, issuedAtSeconds: command.issuedAtSeconds, status: 'WAITING', position: 1, activeUntilMs: null },
      admitted: [],
    }));

    const result = await sut.execute({ userId: userId.toUpperCase() });

    expect(store.join).toHaveBeenCalledWith(expect.objectContaining({ userId }));
    expect(result.view.userId).toBe(userId);
  });

  it('returns the live token unchanged (same string) when the user asks again', async () => {
    const issuedAtSeconds = Math.floor(clock.ms / 1000) - 30;
    const original = signer.sign({ tokenId: 'token-old', userId, issuedAtSeconds });
    const { sut } = sutWith(async () => ({
      created: false,
      place: { tokenId: 'token-old', userId, issuedAtSeconds, status: 'WAITING', position: 3, activeUntilMs: null },
      admitted: [],
    }));

    const result = await sut.execute({ userId });

    expect(result.created).toBe(false);
    expect(result.view.token).toBe(original);
    expect(result.view.position).toBe(3);
  });

  it('answers ACTIVE with the end of the window when the join was admitted at once, and records the admission', async () => {
    const activeUntilMs = clock.ms + 600_000;
    const { sut } = sutWith(async (command) => ({
      created: true,
      place: { tokenId: command.tokenId, userId, issuedAtSeconds: command.issuedAtSeconds, status: 'ACTIVE', position: null, activeUntilMs },
      admitted: [{ tokenId: command.tokenId, waitedMs: 0, admissionNo: 1 }],
    }));

    const result = await sut.execute({ userId });

    expect(result.view).toMatchObject({ status: QueueTokenStatus.ACTIVE, position: null, estimatedWaitSeconds: 0, expiresAt: new Date(activeUntilMs).toISOString() });
    expect(metrics.admissions).toEqual([0]);
  });

  it('propagates a store failure', async () => {
    const { sut } = sutWith(async () => {
      throw new Error('redis down');
    });
    await expect(sut.execute({ userId })).rejects.toThrow('redis down');
  });
});
