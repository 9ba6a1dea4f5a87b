import type { FastifyRequest } from 'fastify';
import type { CallerIdentity } from '../proxy/forwarded-headers';

// Set by the queue token guard, read by the proxy; kept beside the request, never on a shared instance.
const identities = new WeakMap<FastifyRequest, CallerIdentity>();

export function attachIdentity(request: FastifyRequest, identity: CallerIdentity): void {
  identities.set(request, identity);
}

export function identityOf(request: FastifyRequest): CallerIdentity | undefined {
  return identities.get(request);
}
