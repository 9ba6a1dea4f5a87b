import { testSettings } from '../../../test/fakes';
import { AdmissionPolicy } from './admission-policy';

describe('AdmissionPolicy', () => {
  const nowMs = Date.parse('2030-01-01T12:00:00.000Z');
  const sut = new AdmissionPolicy({ ...testSettings, maxActiveUsers: 10, activeSeconds: 600, waitingIdleSeconds: 300, admitIntervalMs: 1000 });

  it.each([
    [0, 0, 0],
    [0, 3, 3],
    [0, 50, 10],
    [7, 50, 3],
    [7, 2, 2],
    [10, 50, 0],
    [12, 50, 0],
  ])('with %i active and %i waiting admits %i', (active, waiting, expected) => {
    expect(sut.slotsToFill(active, waiting)).toBe(expected);
  });

  it('never admits anybody when the capacity is 0 (gate closed)', () => {
    expect(new AdmissionPolicy({ ...testSettings, maxActiveUsers: 0 }).slotsToFill(0, 1_000)).toBe(0);
  });

  it('keeps an admitted user active for QUEUE_ACTIVE_SECONDS', () => {
    expect(sut.activeUntil(nowMs)).toBe(nowMs + 600_000);
  });

  it('ends the active window exactly at active-until', () => {
    expect(sut.isActiveOver(nowMs + 1, nowMs)).toBe(false);
    expect(sut.isActiveOver(nowMs, nowMs)).toBe(true);
    expect(sut.isActiveOver(nowMs - 1, nowMs)).toBe(true);
  });

  it('considers a waiting user idle only after QUEUE_WAITING_IDLE_SECONDS without being seen', () => {
    expect(sut.isIdle(nowMs - 300_000, nowMs)).toBe(false);
    expect(sut.isIdle(nowMs - 300_001, nowMs)).toBe(true);
  });

  it('gives the store one instant and the parameters derived from it', () => {
    expect(sut.round(nowMs)).toEqual({
      nowMs,
      defaultMaxActiveUsers: 10,
      defaultActiveSeconds: 600,
      adaptiveOpeningSize: 0,
      quietGrowthMs: 0,
      limitResetSeconds: 60,
      idleCutoffMs: nowMs - 300_000,
      retentionSeconds: testSettings.tokenRetentionSeconds,
      idleRetentionSeconds: testSettings.idleTokenRetentionSeconds,
      cleanupBatchSize: testSettings.cleanupBatchSize,
      rateWindowStartSecond: Math.floor(nowMs / 1000) - 59,
    });
  });

  it('keeps the hash of a waiter who went idle for its own, shorter retention', () => {
    const round = new AdmissionPolicy({ ...testSettings, tokenRetentionSeconds: 86_400, idleTokenRetentionSeconds: 120 }).round(nowMs);
    expect([round.retentionSeconds, round.idleRetentionSeconds]).toEqual([86_400, 120]);
  });

  describe('whether a round may have left work for the next (batch 10)', () => {
    const bounded = new AdmissionPolicy({ ...testSettings, cleanupBatchSize: 10 });
    const done = { expiredActive: 3, evictedIdle: 9, waitingCount: 50, activeCount: 100, capacity: 100 };

    it('says no when it removed less than a batch of each kind and left no slot free while people wait', () => {
      expect(bounded.mayHaveLeftWork(done)).toBe(false);
      expect(bounded.mayHaveLeftWork({ ...done, activeCount: 40, waitingCount: 0 })).toBe(false);
    });

    it.each([
      ['a whole batch of ended windows', { expiredActive: 10 }],
      ['a whole batch of idle waiters', { evictedIdle: 10 }],
      ['free slots while people wait (its fill stopped at a bound)', { activeCount: 99 }],
    ])('says yes after %s', (_, overrides) => {
      expect(bounded.mayHaveLeftWork({ ...done, ...overrides })).toBe(true);
    });
  });

  it('lets an adaptive room grow when quiet, and guarantees the wait estimate only its opening capacity', () => {
    const adaptive = new AdmissionPolicy({ ...testSettings, maxActiveUsers: 50, admissionLatencyTargetMs: 200, adaptiveMinActiveUsers: 8 });
    expect(adaptive.round(nowMs).quietGrowthMs).toBe(2_000);
    expect(adaptive.guaranteedRatePerSecond()).toBeCloseTo(8 / 601, 10);
  });

  it('opens an adaptive room at its minimum (never above the room maximum), a fixed one at the maximum', () => {
    const adaptive = new AdmissionPolicy({ ...testSettings, maxActiveUsers: 50, admissionLatencyTargetMs: 200, adaptiveMinActiveUsers: 8 });
    expect(adaptive.round(nowMs).adaptiveOpeningSize).toBe(8);
    expect(adaptive.openingCapacity()).toBe(8);
    expect(adaptive.openingCapacity(5)).toBe(5);
    const fixed = new AdmissionPolicy({ ...testSettings, maxActiveUsers: 50, admissionLatencyTargetMs: 0, adaptiveMinActiveUsers: 8 });
    expect(fixed.round(nowMs).adaptiveOpeningSize).toBe(0);
    expect(fixed.openingCapacity()).toBe(50);
    expect(fixed.openingCapacity(7)).toBe(7);
  });

  it("guarantees each room the rate of its own settings", () => {
    expect(sut.guaranteedRatePerSecond({ maxActiveUsers: 20, activeSeconds: 99 })).toBeCloseTo(20 / 100, 10);
  });

  it('guarantees a rate of capacity per active window (plus one admission interval)', () => {
    expect(sut.guaranteedRatePerSecond()).toBeCloseTo(10 / 601, 10);
  });
});
