import type { IdempotencyRecord, IdempotencyScope, StoredResponse } from '../domain/idempotency-record';

export interface IdempotencyKeyRepository {
  /** Inserts an IN_PROGRESS claim; false when the key is already stored. */
  tryInsert(record: IdempotencyRecord): Promise<boolean>;
  find(scope: IdempotencyScope): Promise<IdempotencyRecord | null>;
  /**
   * Replaces a stored key with `next` only if it is still exactly as seen (same owner and status);
   * false when someone changed it in between.
   */
  replace(seen: Pick<IdempotencyRecord, 'ownerId' | 'status'>, next: IdempotencyRecord): Promise<boolean>;
  /** Marks the owner's IN_PROGRESS key COMPLETED with the response; false when the owner lost it. */
  complete(scope: IdempotencyScope, ownerId: string, response: StoredResponse): Promise<boolean>;
  /** Frees the owner's IN_PROGRESS key (the request failed: a retry runs again). */
  release(scope: IdempotencyScope, ownerId: string): Promise<void>;
  /** Deletes up to `limit` keys expired at `now`; how many it deleted. */
  deleteExpired(now: Date, limit: number): Promise<number>;
}
