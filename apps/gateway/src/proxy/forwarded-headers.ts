import { IDEMPOTENCY_KEY_HEADER, QUEUE_TOKEN_HEADER } from '@concert/contracts';
import type { IncomingHttpHeaders } from 'node:http';
import { ADMIN_KEY_HEADER, CALLER_ASSERTION_HEADER, SYSTEM_ID_HEADER } from '@concert/platform';

export interface ForwardedHeaderOptions {
  requestId: string;
  /** The caller assertion made for this one request: the only way a service learns who calls. */
  assertion: string;
  /** Queue routes need the token itself (queue-service reads it); other services never see it. */
  queueToken?: string;
  /** The body the gateway forwards, if any (its content type and content coding go along). */
  hasBody: boolean;
}

const LAST_EVENT_ID_HEADER = 'last-event-id';

/** Client headers a service may act on; everything else stays at the gateway. */
const PASSED_THROUGH = ['accept', IDEMPOTENCY_KEY_HEADER, ADMIN_KEY_HEADER, LAST_EVENT_ID_HEADER] as const;

/**
 * Headers of the call to a service, built from an allow-list so a client can never choose
 * internal ones: the caller assertion is the gateway's, signed for this request, and so is the
 * request id. The client's bearer token stays here.
 */
export function forwardedHeaders(client: IncomingHttpHeaders, options: ForwardedHeaderOptions): Record<string, string> {
  const headers: Record<string, string> = { 'x-request-id': options.requestId, [CALLER_ASSERTION_HEADER]: options.assertion };
  for (const name of PASSED_THROUGH) copy(client, headers, name);
  if (options.hasBody) {
    copy(client, headers, 'content-type');
    // The service refuses a coding it cannot read, rather than parse compressed bytes as JSON.
    copy(client, headers, 'content-encoding');
  }
  if (options.queueToken !== undefined) headers[QUEUE_TOKEN_HEADER] = options.queueToken;
  return headers;
}

function copy(from: IncomingHttpHeaders, to: Record<string, string>, name: string): void {
  const value = from[name];
  if (typeof value === 'string') to[name] = value;
  else if (Array.isArray(value) && value.length > 0) to[name] = value.join(', ');
}

/** Response headers that describe the connection or the service itself, not the answer. */
const NOT_RETURNED = new Set([
  'connection',
  'keep-alive',
  'proxy-authenticate',
  'proxy-authorization',
  'te',
  'trailer',
  'transfer-encoding',
  'upgrade',
  'content-length',
  'date',
  'server',
  'x-powered-by',
  'x-request-id',
  // The gateway answers with its own (the same, once strangers are refused).
  SYSTEM_ID_HEADER,
]);

/** Headers of a service's answer that go back to the client (the gateway keeps its own request id and system id). */
export function returnedHeaders(upstream: Record<string, string | string[] | undefined>): Record<string, string | string[]> {
  const headers: Record<string, string | string[]> = {};
  for (const [name, value] of Object.entries(upstream)) {
    if (value !== undefined && !NOT_RETURNED.has(name)) headers[name] = value;
  }
  return headers;
}
