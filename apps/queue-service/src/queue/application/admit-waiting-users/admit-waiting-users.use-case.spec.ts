import { FakeClock, RecordingQueueMetrics, strictMock, testSettings } from '../../../../test/fakes';
import { AdmissionPolicy } from '../../domain/admission-policy';
import { AdmissionRateEstimator } from '../../domain/admission-rate-estimator';
import type { AdmissionOutcome, QueueStore } from '../ports/queue-store.port';
import { AdmitWaitingUsersUseCase } from './admit-waiting-users.use-case';

describe('AdmitWaitingUsersUseCase', () => {
  it('runs one store round with the policy parameters, feeds the rate estimate and reports metrics', async () => {
    const clock = new FakeClock(Date.parse('2030-01-01T12:00:00.000Z'));
    const second = Math.floor(clock.ms / 1000);
    const policy = new AdmissionPolicy(testSettings);
    const estimator = new AdmissionRateEstimator(clock, { windowSeconds: 60, floorPerSecond: 0.1 });
    const metrics = new RecordingQueueMetrics();
    const outcome: AdmissionOutcome = {
      expiredActive: 2,
      evictedIdle: 1,
      admitted: [
        { tokenId: 'a', waitedMs: 1_500, admissionNo: 7 },
        { tokenId: 'b', waitedMs: 800, admissionNo: 8 },
        { tokenId: 'c', waitedMs: 300, admissionNo: 9 },
      ],
      waitingCount: 40,
      activeCount: 100,
      capacity: 100,
      admissionHistory: [{ second, count: 120 }],
    };
    const store = strictMock<QueueStore>({ admit: async () => outcome });
    const sut = new AdmitWaitingUsersUseCase(store, clock, metrics, policy, estimator);

    await expect(sut.execute()).resolves.toBe(outcome);

    expect(store.admit).toHaveBeenCalledWith(policy.round(clock.ms));
    expect(estimator.ratePerSecond()).toBe(2);
    expect(metrics.admissions).toEqual([1_500, 800, 300]);
    expect(metrics.expirations).toEqual([
      { reason: 'ACTIVE_TIMEOUT', count: 2 },
      { reason: 'IDLE', count: 1 },
    ]);
    expect(metrics.sizes).toEqual({ waiting: 40, active: 100 });
    expect(metrics.capacities).toEqual([100]);
  });
});
