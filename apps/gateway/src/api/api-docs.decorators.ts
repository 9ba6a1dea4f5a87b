import { ErrorCode, ErrorResponse, httpStatusOf, MAX_LIST_LIMIT } from '@concert/contracts';
import { applyDecorators } from '@nestjs/common';
import { ApiParam, ApiQuery, ApiResponse } from '@nestjs/swagger';
import { QueryParameters } from '../access/known-query-parameters.guard';

/** Codes the access guard answers on every signed-in route. */
export const IDENTITY_ERRORS = [ErrorCode.AUTH_REQUIRED, ErrorCode.AUTH_INVALID, ErrorCode.RATE_LIMITED] as const;

/** …and on `/users/{userId}/…`. */
export const USER_PATH_ERRORS = [...IDENTITY_ERRORS, ErrorCode.USER_MISMATCH] as const;

/** Codes the access guard answers on protected routes. */
export const QUEUE_TOKEN_ERRORS = [
  ...IDENTITY_ERRORS,
  ErrorCode.QUEUE_TOKEN_NOT_OWNED,
  ErrorCode.QUEUE_TOKEN_MISSING,
  ErrorCode.QUEUE_TOKEN_INVALID,
  ErrorCode.QUEUE_TOKEN_EXPIRED,
  ErrorCode.QUEUE_TOKEN_NOT_ACTIVE,
] as const;

/**
 * Documents the error answers of a route, one entry per status listing its codes, all with the
 * contract's error body. Every route can also answer 503 SERVICE_UNAVAILABLE (service unreachable).
 */
export function ApiErrors(...codes: ErrorCode[]): MethodDecorator {
  const byStatus = new Map<number, ErrorCode[]>();
  for (const code of [...codes, ErrorCode.SERVICE_UNAVAILABLE]) {
    const status = httpStatusOf(code);
    const list = byStatus.get(status) ?? [];
    if (!list.includes(code)) list.push(code);
    byStatus.set(status, list);
  }
  return applyDecorators(
    ...[...byStatus.entries()]
      .sort(([a], [b]) => a - b)
      .map(([status, list]) => ApiResponse({ status, type: ErrorResponse, description: list.join(' | ') })),
  );
}

/** A path parameter holding a UUID (validated by the service: anything else is 400 VALIDATION_FAILED). */
export function ApiUuidParam(name: string, description?: string): MethodDecorator {
  return ApiParam({ name, type: String, format: 'uuid', description });
}

/** The `{userId}` of `/users/{userId}/…`: the caller's own id, or the word `me`. */
export function ApiUserParam(): MethodDecorator {
  return ApiParam({ name: 'userId', type: String, description: 'The signed-in user: their id (a UUID) or `me`; anyone else is 403 USER_MISMATCH' });
}

/** The optional `?limit=` of the balance history and payment lists (ListLimitQuery): the route's only query parameter. */
export function ApiListLimit(): MethodDecorator {
  return applyDecorators(
    QueryParameters('limit'),
    ApiQuery({
      name: 'limit',
      required: false,
      schema: { type: 'integer', minimum: 1, maximum: MAX_LIST_LIMIT, default: MAX_LIST_LIMIT },
      description: 'Most entries returned, newest first (decimal digits); any other query parameter is refused (400)',
    }),
  );
}

/** The optional Idempotency-Key header of charge and payment. */
export const IDEMPOTENCY_KEY_DOC = {
  name: 'Idempotency-Key',
  required: false,
  description: 'A retry with the same key and body returns the first result and acts once (kept at least 24 h)',
};
