/**
 * Every business error code of the public contract (shared/API.md), in one place.
 * Services throw {@link DomainError}s carrying one of these; the global exception filter
 * maps each code to its HTTP status exhaustively.
 */
export enum ErrorCode {
  VALIDATION_FAILED = 'VALIDATION_FAILED',
  AUTH_REQUIRED = 'AUTH_REQUIRED',
  AUTH_INVALID = 'AUTH_INVALID',
  USER_MISMATCH = 'USER_MISMATCH',
  QUEUE_TOKEN_NOT_OWNED = 'QUEUE_TOKEN_NOT_OWNED',
  QUEUE_TOKEN_WRONG_ROOM = 'QUEUE_TOKEN_WRONG_ROOM',
  QUEUE_TOKEN_MISSING = 'QUEUE_TOKEN_MISSING',
  QUEUE_TOKEN_INVALID = 'QUEUE_TOKEN_INVALID',
  QUEUE_TOKEN_EXPIRED = 'QUEUE_TOKEN_EXPIRED',
  QUEUE_TOKEN_NOT_ACTIVE = 'QUEUE_TOKEN_NOT_ACTIVE',
  CONCERT_NOT_FOUND = 'CONCERT_NOT_FOUND',
  SCHEDULE_NOT_FOUND = 'SCHEDULE_NOT_FOUND',
  RESERVATION_NOT_FOUND = 'RESERVATION_NOT_FOUND',
  SEAT_NOT_FOUND = 'SEAT_NOT_FOUND',
  SEAT_UNAVAILABLE = 'SEAT_UNAVAILABLE',
  SCHEDULE_CLOSED = 'SCHEDULE_CLOSED',
  HOLD_LIMIT_REACHED = 'HOLD_LIMIT_REACHED',
  RESERVATION_NOT_OWNED = 'RESERVATION_NOT_OWNED',
  RESERVATION_EXPIRED = 'RESERVATION_EXPIRED',
  RESERVATION_ALREADY_PAID = 'RESERVATION_ALREADY_PAID',
  RESERVATION_NOT_HELD = 'RESERVATION_NOT_HELD',
  PAYMENT_NOT_FOUND = 'PAYMENT_NOT_FOUND',
  INSUFFICIENT_BALANCE = 'INSUFFICIENT_BALANCE',
  INVALID_AMOUNT = 'INVALID_AMOUNT',
  IDEMPOTENCY_KEY_REUSED = 'IDEMPOTENCY_KEY_REUSED',
  IDEMPOTENCY_KEY_IN_PROGRESS = 'IDEMPOTENCY_KEY_IN_PROGRESS',
  PAYLOAD_TOO_LARGE = 'PAYLOAD_TOO_LARGE',
  REQUEST_HEADERS_TOO_LARGE = 'REQUEST_HEADERS_TOO_LARGE',
  REQUEST_TIMEOUT = 'REQUEST_TIMEOUT',
  UNSUPPORTED_MEDIA_TYPE = 'UNSUPPORTED_MEDIA_TYPE',
  ADMIN_KEY_INVALID = 'ADMIN_KEY_INVALID',
  RATE_LIMITED = 'RATE_LIMITED',
  ROUTE_NOT_FOUND = 'ROUTE_NOT_FOUND',
  SERVICE_UNAVAILABLE = 'SERVICE_UNAVAILABLE',
  INTERNAL_ERROR = 'INTERNAL_ERROR',
}

/** HTTP status of each code. The `switch` is exhaustive: a new code without a status fails to compile. */
export function httpStatusOf(code: ErrorCode): number {
  switch (code) {
    case ErrorCode.VALIDATION_FAILED:
    case ErrorCode.INVALID_AMOUNT:
      return 400;
    case ErrorCode.AUTH_REQUIRED:
    case ErrorCode.AUTH_INVALID:
    case ErrorCode.QUEUE_TOKEN_MISSING:
    case ErrorCode.QUEUE_TOKEN_INVALID:
    case ErrorCode.QUEUE_TOKEN_EXPIRED:
    case ErrorCode.ADMIN_KEY_INVALID:
      return 401;
    case ErrorCode.USER_MISMATCH:
    case ErrorCode.QUEUE_TOKEN_NOT_OWNED:
    case ErrorCode.QUEUE_TOKEN_WRONG_ROOM:
    case ErrorCode.QUEUE_TOKEN_NOT_ACTIVE:
    case ErrorCode.RESERVATION_NOT_OWNED:
      return 403;
    case ErrorCode.CONCERT_NOT_FOUND:
    case ErrorCode.SCHEDULE_NOT_FOUND:
    case ErrorCode.RESERVATION_NOT_FOUND:
    case ErrorCode.SEAT_NOT_FOUND:
    case ErrorCode.PAYMENT_NOT_FOUND:
    case ErrorCode.ROUTE_NOT_FOUND:
      return 404;
    case ErrorCode.SEAT_UNAVAILABLE:
    case ErrorCode.SCHEDULE_CLOSED:
    case ErrorCode.HOLD_LIMIT_REACHED:
    case ErrorCode.RESERVATION_EXPIRED:
    case ErrorCode.RESERVATION_ALREADY_PAID:
    case ErrorCode.RESERVATION_NOT_HELD:
    case ErrorCode.INSUFFICIENT_BALANCE:
    case ErrorCode.IDEMPOTENCY_KEY_IN_PROGRESS:
      return 409;
    case ErrorCode.REQUEST_TIMEOUT:
      return 408;
    case ErrorCode.PAYLOAD_TOO_LARGE:
      return 413;
    case ErrorCode.UNSUPPORTED_MEDIA_TYPE:
      return 415;
    case ErrorCode.IDEMPOTENCY_KEY_REUSED:
      return 422;
    case ErrorCode.RATE_LIMITED:
      return 429;
    case ErrorCode.REQUEST_HEADERS_TOO_LARGE:
      return 431;
    case ErrorCode.INTERNAL_ERROR:
      return 500;
    case ErrorCode.SERVICE_UNAVAILABLE:
      return 503;
    default:
      return assertUnreachable(code);
  }
}

export function assertUnreachable(value: never): never {
  throw new Error(`Unreachable value: ${String(value)}`);
}

export function isErrorCode(value: unknown): value is ErrorCode {
  return typeof value === 'string' && (Object.values(ErrorCode) as string[]).includes(value);
}
