/** Which endpoint a key belongs to: keys are scoped to the user and the endpoint. */
export type IdempotentEndpoint = 'POST /balance/charge' | 'POST /payments';

export interface IdempotencyScope {
  userId: string;
  endpoint: IdempotentEndpoint;
  key: string;
}

/** The stored response of a completed request, replayed to retries. */
export interface StoredResponse {
  status: number;
  body: unknown;
}

/** A key as stored. `ownerId` identifies the attempt that currently owns an IN_PROGRESS key. */
export type IdempotencyRecord = IdempotencyScope & {
  requestHash: string;
  ownerId: string;
  /** When the current owner claimed the key (a takeover renews it). */
  lockedAt: Date;
  expiresAt: Date;
} & ({ status: 'IN_PROGRESS'; response: null } | { status: 'COMPLETED'; response: StoredResponse });

export interface IdempotencyPolicy {
  /** How long a key (and its stored result) is kept. */
  ttlMs: number;
  /** An IN_PROGRESS key claimed longer ago than this belongs to an attempt that died: a retry takes it over. */
  staleAfterMs: number;
}

export type IdempotencyDecision =
  | { kind: 'REPLAY'; response: StoredResponse }
  | { kind: 'REUSED' }
  | { kind: 'IN_PROGRESS' }
  /** The stored key is expired or abandoned: replace it with a claim of our own. */
  | { kind: 'TAKE_OVER' };

/**
 * What to do with a request whose key is already stored. Order matters: an expired key is as
 * good as absent; a different request under a live key is refused whatever its state; then the
 * state decides.
 */
export function decideOnExistingKey(
  record: IdempotencyRecord,
  requestHash: string,
  now: Date,
  policy: IdempotencyPolicy,
): IdempotencyDecision {
  if (record.expiresAt.getTime() <= now.getTime()) return { kind: 'TAKE_OVER' };
  if (record.requestHash !== requestHash) return { kind: 'REUSED' };
  switch (record.status) {
    case 'COMPLETED':
      return { kind: 'REPLAY', response: record.response };
    case 'IN_PROGRESS':
      return now.getTime() - record.lockedAt.getTime() >= policy.staleAfterMs ? { kind: 'TAKE_OVER' } : { kind: 'IN_PROGRESS' };
  }
}
