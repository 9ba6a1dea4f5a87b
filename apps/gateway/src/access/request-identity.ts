import type { FastifyRequest } from 'fastify';

/** Who a request acts for, established by the access guard; the proxy forwards it as a caller assertion. */
export interface CallerIdentity {
  /** The access token's subject. */
  userId: string;
  /** The caller's queue token id, when the route took one. */
  queueTokenId: string | null;
  /** The concert whose room that token is for, when the route took one. */
  queueConcertId?: string | null;
  /** The caller's queue token itself, when it came in a stream ticket rather than a header. */
  queueToken?: string;
  /** The path and query forwarded to the service (`me` replaced by the user id, a ticket removed). */
  forwardedUrl?: string;
}

// Set by the access guard, read by the proxy; kept beside the request, never on a shared instance.
const identities = new WeakMap<FastifyRequest, CallerIdentity>();

export function attachIdentity(request: FastifyRequest, identity: CallerIdentity): void {
  identities.set(request, identity);
}

export function identityOf(request: FastifyRequest): CallerIdentity | undefined {
  return identities.get(request);
}
