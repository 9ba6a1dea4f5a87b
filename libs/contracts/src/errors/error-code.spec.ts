import { ErrorCode, httpStatusOf, isErrorCode } from './error-code';

describe('httpStatusOf', () => {
  it.each([
    [ErrorCode.VALIDATION_FAILED, 400],
    [ErrorCode.QUEUE_TOKEN_MISSING, 401],
    [ErrorCode.QUEUE_TOKEN_NOT_ACTIVE, 403],
    [ErrorCode.SEAT_NOT_FOUND, 404],
    [ErrorCode.SEAT_UNAVAILABLE, 409],
    [ErrorCode.SCHEDULE_CLOSED, 409],
    [ErrorCode.REQUEST_TIMEOUT, 408],
    [ErrorCode.PAYLOAD_TOO_LARGE, 413],
    [ErrorCode.IDEMPOTENCY_KEY_REUSED, 422],
    [ErrorCode.RATE_LIMITED, 429],
    [ErrorCode.REQUEST_HEADERS_TOO_LARGE, 431],
    [ErrorCode.SERVICE_UNAVAILABLE, 503],
  ])('maps %s to %i as the contract says', (code, status) => {
    expect(httpStatusOf(code)).toBe(status);
  });

  it('gives every code a status in the 4xx or 5xx range', () => {
    for (const code of Object.values(ErrorCode)) {
      const status = httpStatusOf(code);
      expect(status).toBeGreaterThanOrEqual(400);
      expect(status).toBeLessThan(600);
    }
  });

  it('recognises only known codes', () => {
    expect(isErrorCode('SEAT_UNAVAILABLE')).toBe(true);
    expect(isErrorCode('NOPE')).toBe(false);
    expect(isErrorCode(42)).toBe(false);
  });
});
