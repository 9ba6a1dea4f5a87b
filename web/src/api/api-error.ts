import type { components } from './schema';

/** Every business error code the public API answers with (the ErrorResponse schema's enum). */
export type ApiErrorCode = components['schemas']['ErrorResponse']['code'];

/**
 * What went wrong with a call, as the page explains it: the API's own code, or one of the page's
 * for what never reached an answer (NETWORK_ERROR) or answered outside the contract (UNEXPECTED).
 */
export type FailureCode = ApiErrorCode | 'NETWORK_ERROR' | 'UNEXPECTED_RESPONSE';

/** Each code once: the compiler fails when the API gains a code this list lacks. */
const API_ERROR_CODES: Record<ApiErrorCode, true> = {
  VALIDATION_FAILED: true,
  AUTH_REQUIRED: true,
  AUTH_INVALID: true,
  USER_MISMATCH: true,
  QUEUE_TOKEN_NOT_OWNED: true,
  QUEUE_TOKEN_WRONG_ROOM: true,
  QUEUE_TOKEN_MISSING: true,
  QUEUE_TOKEN_INVALID: true,
  QUEUE_TOKEN_EXPIRED: true,
  QUEUE_TOKEN_NOT_ACTIVE: true,
  CONCERT_NOT_FOUND: true,
  SCHEDULE_NOT_FOUND: true,
  RESERVATION_NOT_FOUND: true,
  SEAT_NOT_FOUND: true,
  SEAT_UNAVAILABLE: true,
  SCHEDULE_CLOSED: true,
  HOLD_LIMIT_REACHED: true,
  RESERVATION_NOT_OWNED: true,
  RESERVATION_EXPIRED: true,
  RESERVATION_ALREADY_PAID: true,
  RESERVATION_NOT_HELD: true,
  PAYMENT_NOT_FOUND: true,
  INSUFFICIENT_BALANCE: true,
  INVALID_AMOUNT: true,
  IDEMPOTENCY_KEY_REUSED: true,
  IDEMPOTENCY_KEY_IN_PROGRESS: true,
  PAYLOAD_TOO_LARGE: true,
  REQUEST_HEADERS_TOO_LARGE: true,
  REQUEST_TIMEOUT: true,
  UNSUPPORTED_MEDIA_TYPE: true,
  ADMIN_KEY_INVALID: true,
  RATE_LIMITED: true,
  ROUTE_NOT_FOUND: true,
  SERVICE_UNAVAILABLE: true,
  INTERNAL_ERROR: true,
};

/** A call that did not succeed. `retryAfterSeconds` is the server's Retry-After, when it sent one. */
export class ApiFailure extends Error {
  constructor(
    readonly code: FailureCode,
    readonly status: number,
    message: string,
    readonly retryAfterSeconds?: number,
  ) {
    super(message);
    this.name = 'ApiFailure';
  }

  /** The failure an answer's error body and status stand for. */
  static fromAnswer(status: number, body: unknown, retryAfter: string | null): ApiFailure {
    const retryAfterSeconds = retryAfter !== null && /^\d+$/.test(retryAfter) ? Number(retryAfter) : undefined;
    if (typeof body === 'object' && body !== null) {
      const { code, message } = body as { code?: unknown; message?: unknown };
      if (typeof code === 'string' && Object.hasOwn(API_ERROR_CODES, code)) {
        return new ApiFailure(code as ApiErrorCode, status, typeof message === 'string' ? message : code, retryAfterSeconds);
      }
    }
    return new ApiFailure('UNEXPECTED_RESPONSE', status, `HTTP ${status}`, retryAfterSeconds);
  }

  /** A failure to reach the server at all (offline, connection refused). */
  static unreachable(cause: unknown): ApiFailure {
    return new ApiFailure('NETWORK_ERROR', 0, cause instanceof Error ? cause.message : String(cause));
  }
}

/** The failure `error` is, for code that caught something it did not throw itself. */
export function failureOf(error: unknown): ApiFailure {
  return error instanceof ApiFailure ? error : ApiFailure.unreachable(error);
}
