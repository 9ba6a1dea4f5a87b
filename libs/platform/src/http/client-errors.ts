import { randomUUID } from 'node:crypto';
import { STATUS_CODES } from 'node:http';
import type { Duplex } from 'node:stream';
import { ErrorCode, httpStatusOf, type ErrorBody } from '@concert/contracts';
import { REQUEST_ID_HEADER } from './request-id';

/**
 * The answer to a request Node's HTTP parser refused before any route could see it (headers over
 * the limit, a request that did not arrive in time, bytes that are not HTTP): the contract's
 * error body, with a request id of its own, on a connection that is then closed.
 */
export function answerClientError(error: Error & { code?: string }, socket: Duplex & { bytesRead?: number }): void {
  // The client is gone: there is nobody to answer.
  if (error.code === 'ECONNRESET' || !socket.writable) return;
  // A connection opened but never used: close it quietly, so that a client which opened it
  // ahead of time does not read an unasked-for 408 as the answer to its first request.
  if (error.code === 'ERR_HTTP_REQUEST_TIMEOUT' && socket.bytesRead === 0) {
    socket.destroy();
    return;
  }
  const requestId = randomUUID();
  const body: ErrorBody = clientErrorBody(error.code, requestId);
  const text = JSON.stringify(body);
  socket.end(
    `HTTP/1.1 ${body.statusCode} ${STATUS_CODES[body.statusCode] ?? ''}\r\n` +
      `content-type: application/json; charset=utf-8\r\ncontent-length: ${Buffer.byteLength(text)}\r\n` +
      `${REQUEST_ID_HEADER}: ${requestId}\r\nconnection: close\r\n\r\n${text}`,
  );
}

export function clientErrorBody(parserCode: string | undefined, requestId: string): ErrorBody {
  if (parserCode === 'HPE_HEADER_OVERFLOW') return errorBody(ErrorCode.REQUEST_HEADERS_TOO_LARGE, 'Request headers are larger than 16 KB', requestId);
  if (parserCode === 'ERR_HTTP_REQUEST_TIMEOUT') return errorBody(ErrorCode.REQUEST_TIMEOUT, 'The request did not arrive in time', requestId);
  return errorBody(ErrorCode.VALIDATION_FAILED, 'Malformed HTTP request', requestId);
}

function errorBody(code: ErrorCode, message: string, requestId: string): ErrorBody {
  return { statusCode: httpStatusOf(code), code, message, requestId };
}
