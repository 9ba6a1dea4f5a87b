import { FakeClock, RecordingQueueMetrics, strictMock, testSettings } from '../../../../test/fakes';
import { AdmissionPolicy } from '../../domain/admission-policy';
import { RoomRateEstimators } from '../../domain/room-rate-estimators';
import type { AdmissionOutcome, QueueStore } from '../ports/queue-store.port';
import { AdmitWaitingUsersUseCase } from './admit-waiting-users.use-case';

describe('AdmitWaitingUsersUseCase', () => {
  it("runs one store round over every room with the policy parameters, feeds each room's own rate estimate, reports metrics and forgets an empty room", async () => {
    const clock = new FakeClock(Date.parse('2030-01-01T12:00:00.000Z'));
    const second = Math.floor(clock.ms / 1000);
    const policy = new AdmissionPolicy(testSettings);
    const estimators = new RoomRateEstimators(clock, { windowSeconds: 60, defaultFloorPerSecond: 0.1, maxRooms: 10 });
    const metrics = new RecordingQueueMetrics();
    const outcome: AdmissionOutcome = {
      concertId: 'busy',
      preQueueCount: 0,
      maxActiveUsers: 100,
      activeSeconds: 600,
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
    const empty: AdmissionOutcome = { ...outcome, concertId: 'empty', expiredActive: 0, evictedIdle: 0, admitted: [], waitingCount: 0, activeCount: 0, admissionHistory: [] };
    const store = strictMock<QueueStore>({ rooms: async () => ['busy', 'empty'], admit: async () => [outcome, empty], forgetRoom: async () => true });
    const sut = new AdmitWaitingUsersUseCase(store, clock, metrics, policy, estimators);

    await expect(sut.execute()).resolves.toEqual([outcome, empty]);

    expect(store.admit).toHaveBeenCalledWith(['busy', 'empty'], policy.round(clock.ms));
    expect(estimators.of('busy').ratePerSecond()).toBe(2);
    // The other room's estimate knows nothing of the busy room's admissions: its floor only.
    expect(estimators.of('empty').ratePerSecond()).toBeCloseTo(100 / 601, 6);
    expect(store.forgetRoom).toHaveBeenCalledTimes(1);
    expect(store.forgetRoom).toHaveBeenCalledWith('empty', clock.ms - 10 * 60_000);
    expect(metrics.admissions).toEqual([1_500, 800, 300]);
    expect(metrics.expirations).toEqual([
      { reason: 'ACTIVE_TIMEOUT', count: 2 },
      { reason: 'IDLE', count: 1 },
    ]);
    expect(metrics.roomSizes).toEqual([outcome, empty]);
  });
});
