import { type ArgumentsHost, Catch, type ExceptionFilter, HttpException, Logger } from '@nestjs/common';
import { DomainError, ErrorCode, type ErrorBody, httpStatusOf, isErrorCode } from '@concert/contracts';
import type { FastifyReply, FastifyRequest, FastifySchemaValidationError } from 'fastify';
import { describeSchemaErrors } from '../http/body-schema';
import { isTransientFailure } from './transient-errors';
import { loggableUrl } from '../logging/log-redaction';

/** Errors Fastify raises before a handler runs, mapped onto the contract's codes. */
const FASTIFY_CODES: Record<string, ErrorCode> = {
  FST_ERR_CTP_BODY_TOO_LARGE: ErrorCode.PAYLOAD_TOO_LARGE,
  FST_ERR_CTP_INVALID_JSON_BODY: ErrorCode.VALIDATION_FAILED,
  FST_ERR_CTP_EMPTY_JSON_BODY: ErrorCode.VALIDATION_FAILED,
  FST_ERR_CTP_INVALID_CONTENT_LENGTH: ErrorCode.VALIDATION_FAILED,
  FST_ERR_CTP_INVALID_MEDIA_TYPE: ErrorCode.UNSUPPORTED_MEDIA_TYPE,
  FST_ERR_VALIDATION: ErrorCode.VALIDATION_FAILED,
  FST_ERR_BAD_URL: ErrorCode.VALIDATION_FAILED,
  FST_ERR_MAX_PARAM_LENGTH: ErrorCode.VALIDATION_FAILED,
};

/** Fastify's own words for these name the client's whole path back; these do not. */
const FASTIFY_MESSAGES: Record<string, string> = {
  FST_ERR_CTP_BODY_TOO_LARGE: 'Request body is larger than 1 MB',
  FST_ERR_BAD_URL: 'The path is not valid percent-encoding',
  FST_ERR_MAX_PARAM_LENGTH: 'A path segment is longer than 100 characters',
};

/** Turns anything thrown into the contract's error body; 5xx bodies reveal nothing internal. */
export function toErrorBody(exception: unknown, requestId: string): ErrorBody {
  if (exception instanceof DomainError) {
    return withDetails(
      { statusCode: httpStatusOf(exception.code), code: exception.code, message: exception.message, requestId },
      exception.details,
    );
  }
  const fastifyCode = fastifyErrorCode(exception);
  if (fastifyCode) {
    const code = FASTIFY_CODES[fastifyCode];
    const validation = (exception as { validation?: FastifySchemaValidationError[] }).validation;
    if (fastifyCode === 'FST_ERR_VALIDATION' && Array.isArray(validation)) {
      // A route's JSON schema refused the request: the same body as the validation pipe's.
      const problems = describeSchemaErrors(validation);
      return { statusCode: 400, code: ErrorCode.VALIDATION_FAILED, message: problems.join('; ') || 'Invalid request', requestId, details: { problems } };
    }
    if (code) {
      const message = FASTIFY_MESSAGES[fastifyCode] ?? (exception as Error).message;
      return { statusCode: httpStatusOf(code), code, message, requestId };
    }
  }
  if (exception instanceof SyntaxError && 'body' in exception) {
    return { statusCode: 400, code: ErrorCode.VALIDATION_FAILED, message: 'Malformed JSON body', requestId };
  }
  if (exception instanceof HttpException) {
    const status = exception.getStatus();
    const response = exception.getResponse();
    const declared = typeof response === 'object' && response !== null ? (response as { code?: unknown }).code : undefined;
    const code = isErrorCode(declared) ? declared : codeForStatus(status);
    const message = status >= 500 ? 'Internal error' : exception.message;
    return { statusCode: status, code, message, requestId };
  }
  if (isAbortedRequest(exception)) {
    // The client closed the connection while sending the body: nobody reads this answer.
    return { statusCode: 400, code: ErrorCode.VALIDATION_FAILED, message: 'The request body did not arrive whole', requestId };
  }
  if (isTransientFailure(exception)) {
    return { statusCode: 503, code: ErrorCode.SERVICE_UNAVAILABLE, message: 'A dependency is unavailable; retry later', requestId };
  }
  return { statusCode: 500, code: ErrorCode.INTERNAL_ERROR, message: 'Internal error', requestId };
}

/** Node's error for a request whose client went away before its body was read whole. */
function isAbortedRequest(exception: unknown): boolean {
  return exception instanceof Error && exception.message === 'aborted' && (exception as { code?: unknown }).code === 'ECONNRESET';
}

function withDetails(body: ErrorBody, details: unknown): ErrorBody {
  return details === undefined ? body : { ...body, details };
}

function fastifyErrorCode(exception: unknown): string | undefined {
  if (typeof exception === 'object' && exception !== null && 'code' in exception) {
    const code = (exception).code;
    return typeof code === 'string' && code.startsWith('FST_') ? code : undefined;
  }
  return undefined;
}

function codeForStatus(status: number): ErrorCode {
  switch (status) {
    case 400:
      return ErrorCode.VALIDATION_FAILED;
    case 404:
      return ErrorCode.ROUTE_NOT_FOUND;
    case 413:
      return ErrorCode.PAYLOAD_TOO_LARGE;
    case 415:
      return ErrorCode.UNSUPPORTED_MEDIA_TYPE;
    case 429:
      return ErrorCode.RATE_LIMITED;
    case 503:
      return ErrorCode.SERVICE_UNAVAILABLE;
    default:
      return status >= 500 ? ErrorCode.INTERNAL_ERROR : ErrorCode.VALIDATION_FAILED;
  }
}

@Catch()
export class GlobalExceptionFilter implements ExceptionFilter {
  private readonly logger = new Logger('ExceptionFilter');

  catch(exception: unknown, host: ArgumentsHost): void {
    const http = host.switchToHttp();
    const request = http.getRequest<FastifyRequest>();
    const reply = http.getResponse<FastifyReply>();
    const body = toErrorBody(exception, String(request.id));
    if (body.statusCode >= 500) {
      this.logger.error({ err: exception, requestId: body.requestId, url: loggableUrl(request.url) }, 'request failed');
    } else {
      this.logger.debug({ code: body.code, requestId: body.requestId, url: loggableUrl(request.url) }, 'request refused');
    }
    // A dependency that is down is worth asking again shortly: say when (unless a caller already did).
    if (body.statusCode === 503 && !reply.hasHeader('retry-after')) void reply.header('retry-after', String(SERVICE_UNAVAILABLE_RETRY_AFTER_SECONDS));
    void reply.status(body.statusCode).header('content-type', 'application/json; charset=utf-8').send(body);
  }
}

/** Retry-After of every 503: long enough for a restart or a failover to be under way. */
export const SERVICE_UNAVAILABLE_RETRY_AFTER_SECONDS = 2;
