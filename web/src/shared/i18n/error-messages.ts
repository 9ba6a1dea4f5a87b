import type { FailureCode } from '../../api/api-error';
import type { Language } from './language';

/**
 * Every failure in words a buyer or an organizer understands, by the API's `code` (the compiler
 * fails when the API gains a code that has no words here).
 */
export const ERROR_MESSAGES: Record<Language, Record<FailureCode, string>> = {
  en: {
    VALIDATION_FAILED: "Something in the form isn't right. Check it and try again.",
    AUTH_REQUIRED: 'Please sign in first.',
    AUTH_INVALID: 'Your sign-in has expired. Please sign in again.',
    USER_MISMATCH: 'This belongs to another account.',
    QUEUE_TOKEN_NOT_OWNED: 'This waiting-room pass belongs to another account. Join the waiting room again.',
    QUEUE_TOKEN_WRONG_ROOM: "Your waiting-room pass is for another concert. Join this concert's waiting room.",
    QUEUE_TOKEN_MISSING: 'Join the waiting room first.',
    QUEUE_TOKEN_INVALID: 'Your place in the waiting room is no longer valid. Join again.',
    QUEUE_TOKEN_EXPIRED: 'Your turn has ended. Join the waiting room again to keep buying.',
    QUEUE_TOKEN_NOT_ACTIVE: "It's not your turn yet. Please wait in the waiting room.",
    CONCERT_NOT_FOUND: 'This concert is no longer listed.',
    SCHEDULE_NOT_FOUND: 'This date is no longer on sale.',
    RESERVATION_NOT_FOUND: "We couldn't find this reservation.",
    SEAT_NOT_FOUND: "This seat doesn't exist.",
    SEAT_UNAVAILABLE: 'Sorry, someone else just took this seat. Pick another one.',
    SCHEDULE_CLOSED: 'Sales for this date have closed.',
    HOLD_LIMIT_REACHED: "You're already holding as many seats as one person may. Pay for or cancel one first.",
    RESERVATION_NOT_OWNED: 'This reservation belongs to another account.',
    RESERVATION_EXPIRED: 'Your hold ran out before the payment went through. Pick the seat again.',
    RESERVATION_ALREADY_PAID: "This seat is already paid for. You'll find it in My tickets.",
    RESERVATION_NOT_HELD: 'This hold has already ended.',
    PAYMENT_NOT_FOUND: "We couldn't find this payment.",
    INSUFFICIENT_BALANCE: 'Your balance is too low for this seat. Charge your balance, then pay.',
    INVALID_AMOUNT: 'Enter an amount from ₩1 to ₩10,000,000.',
    IDEMPOTENCY_KEY_REUSED: 'This request was already sent with other details. Reload the page and try again.',
    IDEMPOTENCY_KEY_IN_PROGRESS: "We're still working on your previous request. Wait a moment.",
    PAYLOAD_TOO_LARGE: 'That request is too large.',
    REQUEST_HEADERS_TOO_LARGE: 'That request is too large. Sign in again.',
    REQUEST_TIMEOUT: 'That took too long. Try again.',
    UNSUPPORTED_MEDIA_TYPE: "The page sent something the service can't read. Reload the page.",
    ADMIN_KEY_INVALID: 'The admin key is wrong.',
    RATE_LIMITED: 'Too many requests at once. Wait a few seconds and try again.',
    ROUTE_NOT_FOUND: "The page asked for something that doesn't exist. Reload the page.",
    SERVICE_UNAVAILABLE: 'The service is busy or briefly unavailable. Try again in a moment.',
    INTERNAL_ERROR: 'Something went wrong on our side. Try again.',
    NETWORK_ERROR: "Can't reach the service. Check your connection and try again.",
    UNEXPECTED_RESPONSE: 'Something unexpected happened. Try again.',
  },
  ko: {
    VALIDATION_FAILED: '입력한 내용을 확인한 뒤 다시 시도해 주세요.',
    AUTH_REQUIRED: '먼저 로그인해 주세요.',
    AUTH_INVALID: '로그인이 만료되었습니다. 다시 로그인해 주세요.',
    USER_MISMATCH: '다른 계정의 정보입니다.',
    QUEUE_TOKEN_NOT_OWNED: '다른 계정의 대기열 입장권입니다. 대기열에 다시 참여해 주세요.',
    QUEUE_TOKEN_WRONG_ROOM: '다른 공연의 대기열 입장권입니다. 이 공연의 대기열에 참여해 주세요.',
    QUEUE_TOKEN_MISSING: '먼저 대기열에 참여해 주세요.',
    QUEUE_TOKEN_INVALID: '대기열 입장권이 더 이상 유효하지 않습니다. 다시 참여해 주세요.',
    QUEUE_TOKEN_EXPIRED: '이용 시간이 끝났습니다. 계속 예매하려면 대기열에 다시 참여해 주세요.',
    QUEUE_TOKEN_NOT_ACTIVE: '아직 차례가 아닙니다. 대기열에서 조금만 기다려 주세요.',
    CONCERT_NOT_FOUND: '더 이상 판매하지 않는 공연입니다.',
    SCHEDULE_NOT_FOUND: '더 이상 판매하지 않는 회차입니다.',
    RESERVATION_NOT_FOUND: '예약을 찾을 수 없습니다.',
    SEAT_NOT_FOUND: '존재하지 않는 좌석입니다.',
    SEAT_UNAVAILABLE: '방금 다른 분이 선택한 좌석입니다. 다른 좌석을 골라 주세요.',
    SCHEDULE_CLOSED: '이 회차는 판매가 끝났습니다.',
    HOLD_LIMIT_REACHED: '한 사람이 동시에 잡을 수 있는 좌석 수를 넘었습니다. 먼저 결제하거나 취소해 주세요.',
    RESERVATION_NOT_OWNED: '다른 계정의 예약입니다.',
    RESERVATION_EXPIRED: '결제 전에 좌석 선점 시간이 끝났습니다. 좌석을 다시 선택해 주세요.',
    RESERVATION_ALREADY_PAID: '이미 결제한 좌석입니다. 내 티켓에서 확인할 수 있습니다.',
    RESERVATION_NOT_HELD: '이미 끝난 선점입니다.',
    PAYMENT_NOT_FOUND: '결제 내역을 찾을 수 없습니다.',
    INSUFFICIENT_BALANCE: '잔액이 부족합니다. 잔액을 충전한 뒤 결제해 주세요.',
    INVALID_AMOUNT: '1원부터 10,000,000원 사이의 금액을 입력해 주세요.',
    IDEMPOTENCY_KEY_REUSED: '이미 다른 내용으로 보낸 요청입니다. 페이지를 새로고침한 뒤 다시 시도해 주세요.',
    IDEMPOTENCY_KEY_IN_PROGRESS: '이전 요청을 처리하고 있습니다. 잠시만 기다려 주세요.',
    PAYLOAD_TOO_LARGE: '요청이 너무 큽니다.',
    REQUEST_HEADERS_TOO_LARGE: '요청이 너무 큽니다. 다시 로그인해 주세요.',
    REQUEST_TIMEOUT: '응답이 너무 늦었습니다. 다시 시도해 주세요.',
    UNSUPPORTED_MEDIA_TYPE: '서비스가 읽을 수 없는 요청입니다. 페이지를 새로고침해 주세요.',
    ADMIN_KEY_INVALID: '관리자 키가 올바르지 않습니다.',
    RATE_LIMITED: '요청이 너무 많습니다. 몇 초 뒤에 다시 시도해 주세요.',
    ROUTE_NOT_FOUND: '없는 기능을 요청했습니다. 페이지를 새로고침해 주세요.',
    SERVICE_UNAVAILABLE: '서비스가 잠시 혼잡하거나 점검 중입니다. 잠시 후 다시 시도해 주세요.',
    INTERNAL_ERROR: '일시적인 오류가 발생했습니다. 다시 시도해 주세요.',
    NETWORK_ERROR: '서버에 연결할 수 없습니다. 인터넷 연결을 확인한 뒤 다시 시도해 주세요.',
    UNEXPECTED_RESPONSE: '예상하지 못한 문제가 발생했습니다. 다시 시도해 주세요.',
  },
};

/** The words for a failure; a Retry-After the server sent is added ("try again in 3 s"). */
export function explainFailure(language: Language, failure: { code: FailureCode; retryAfterSeconds?: number }): string {
  const words = ERROR_MESSAGES[language][failure.code];
  if (failure.retryAfterSeconds === undefined || failure.retryAfterSeconds <= 0) return words;
  return language === 'ko' ? `${words} (${failure.retryAfterSeconds}초 후)` : `${words} (in ${failure.retryAfterSeconds} s)`;
}
