import type { ApiFailure } from '../api/api-error';

const PLACE_LOST: ReadonlySet<string> = new Set(['QUEUE_TOKEN_EXPIRED', 'QUEUE_TOKEN_INVALID', 'QUEUE_TOKEN_NOT_OWNED', 'QUEUE_TOKEN_MISSING', 'QUEUE_TOKEN_WRONG_ROOM']);

/** A refusal that means the buyer's place in this room is gone: the page offers to join again. */
export function isPlaceLost(failure: ApiFailure): boolean {
  return PLACE_LOST.has(failure.code);
}
