import { ERROR_MESSAGES, explainFailure } from './error-messages';

describe('error messages', () => {
  it('have words in both languages for every code', () => {
    expect(Object.keys(ERROR_MESSAGES.ko).sort()).toEqual(Object.keys(ERROR_MESSAGES.en).sort());
    for (const words of [...Object.values(ERROR_MESSAGES.en), ...Object.values(ERROR_MESSAGES.ko)]) expect(words.trim()).not.toBe('');
  });

  it('tell a buyer to join again when the turn is over', () => {
    expect(explainFailure('en', { code: 'QUEUE_TOKEN_EXPIRED' })).toMatch(/join the waiting room again/i);
    expect(explainFailure('ko', { code: 'QUEUE_TOKEN_EXPIRED' })).toContain('다시 참여');
  });

  it("add the server's Retry-After", () => {
    expect(explainFailure('en', { code: 'RATE_LIMITED', retryAfterSeconds: 3 })).toBe('Too many requests at once. Wait a few seconds and try again. (in 3 s)');
    expect(explainFailure('ko', { code: 'SERVICE_UNAVAILABLE', retryAfterSeconds: 0 })).toBe(ERROR_MESSAGES.ko.SERVICE_UNAVAILABLE);
  });
});
