/** Why a call to one replica did not give an answer the gateway may relay. */
export type UpstreamFailure =
  /** The call failed with this error code (undici's or the socket's). */
  | { kind: 'error'; code: string }
  /** A replica answered, but not as this system (system-identity.ts): a stranger holds its port. */
  | { kind: 'stranger'; problem: string };

/** What the gateway does about one failed call. */
export interface Failover {
  /** Skip the replica for its cool-down (UpstreamGroup.markDown). */
  markDown: boolean;
  /** Send the request to another replica. */
  retry: boolean;
}

/** Errors raised before the request left the gateway: any method may try another replica. */
const NOT_SENT = new Set(['ECONNREFUSED', 'UND_ERR_CONNECT_TIMEOUT', 'EHOSTUNREACH', 'ENETUNREACH', 'ENOTFOUND', 'EAI_AGAIN']);
/** The connection broke: only a request that changes nothing may be repeated. */
const BROKEN = new Set(['ECONNRESET', 'EPIPE', 'UND_ERR_SOCKET', 'UND_ERR_CLOSED']);
const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

/**
 * A replica that refused the connection, or that answered as another system, is skipped and the
 * request goes to another one, whatever its method: in both cases this system has not acted on it
 * (the stranger is not this system; its answer is dropped unread and its effects are not ours to
 * report). A connection that broke after sending may have reached our own service, so only a
 * request that changes nothing is repeated; anything else is not retried.
 */
export function failoverOf(failure: UpstreamFailure, method: string): Failover {
  if (failure.kind === 'stranger') return { markDown: true, retry: true };
  if (NOT_SENT.has(failure.code)) return { markDown: true, retry: true };
  return { markDown: false, retry: BROKEN.has(failure.code) && SAFE_METHODS.has(method) };
}

/** The label of a failure in gateway_upstream_failures_total. */
export function failureReasonOf(failure: UpstreamFailure): string {
  return failure.kind === 'stranger' ? 'OTHER_SYSTEM' : failure.code;
}
