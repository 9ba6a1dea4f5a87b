import { Topics } from '@concert/contracts';
import { forwardRetryDelayMs, RECORDED_TOPICS } from './recorded-topics';

describe('recorded topics', () => {
  it('records every reservation and payment event and nothing of the catalog', () => {
    expect(RECORDED_TOPICS).toHaveLength(7);
    expect(RECORDED_TOPICS.every((topic) => topic.startsWith('reservation.') || topic.startsWith('payment.'))).toBe(true);
    expect(RECORDED_TOPICS).not.toContain(Topics.ScheduleCreated);
  });
});

describe('forwardRetryDelayMs', () => {
  it('waits nothing before the first attempt and doubles after each failure up to the cap', () => {
    expect(forwardRetryDelayMs(0, 30_000)).toBe(0);
    expect(forwardRetryDelayMs(1, 30_000)).toBe(500);
    expect(forwardRetryDelayMs(2, 30_000)).toBe(1_000);
    expect(forwardRetryDelayMs(4, 30_000)).toBe(4_000);
    expect(forwardRetryDelayMs(40, 30_000)).toBe(30_000);
  });
});
