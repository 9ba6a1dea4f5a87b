import { randomUUID } from 'node:crypto';
import { STATUS_CODES } from 'node:http';
import type { Duplex } from 'node:stream';
import { DomainError, ErrorCode, type ErrorBody } from '@concert/contracts';
import { toErrorBody } from '../errors/global-exception.filter';
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
  const body = clientErrorBody(error.code, requestId);
  const text = JSON.stringify(body);
  socket.end(
    `HTTP/1.1 ${body.statusCode} ${STATUS_CODES[body.statusCode] ?? ''}\r\n` +
      `content-type: application/json; charset=utf-8\r\ncontent-length: ${Buffer.byteLength(text)}\r\n` +
      `${REQUEST_ID_HEADER}: ${requestId}\r\nconnection: close\r\n\r\n${text}`,
  );
}

function clientErrorBody(parserCode: string | undefined, requestId: string): ErrorBody {
  const refusal =
    parserCode === 'HPE_HEADER_OVERFLOW'
      ? new DomainError(ErrorCode.REQUEST_HEADERS_TOO_LARGE, 'Request headers are larger than 16 KB')
      : parserCode === 'ERR_HTTP_REQUEST_TIMEOUT'
        ? new DomainError(ErrorCode.REQUEST_TIMEOUT, 'The request did not arrive in time')
        : new DomainError(ErrorCode.VALIDATION_FAILED, 'Malformed HTTP request');
  return toErrorBody(refusal, requestId);
}
