import type { AdmissionRound, LimitAdjustment } from '../../domain/admission-policy';
import type { AdmissionBucket } from '../../domain/admission-rate-estimator';
import type { ExpiryReason, QueuePlace } from '../../domain/queue-place';

export interface JoinCommand {
  /** Id for the token if the user has no live one (unused otherwise). */
  tokenId: string;
  userId: string;
  /** The concert whose room the user joins (one room stands in for every concert so far). */
  concertId: string;
  issuedAtSeconds: number;
  round: AdmissionRound;
}

/** One user moved from the queue into the active set. */
export interface Admission {
  tokenId: string;
  /** Join → admission time. */
  waitedMs: number;
  /** Global, consecutive number of the admission (Redis-side order across every instance). */
  admissionNo: number;
}

export interface JoinResult {
  /** false: the user already held a live token and got that same place back. */
  created: boolean;
  place: QueuePlace;
  /** Everyone admitted in this step (a join fills free slots at once), in queue order. */
  admitted: Admission[];
}

export interface AdmissionOutcome {
  /** Active tokens whose window was over, now EXPIRED. */
  expiredActive: number;
  /** Idle waiters removed from the queue, now EXPIRED. */
  evictedIdle: number;
  /** Users admitted in this round, in queue order. */
  admitted: Admission[];
  waitingCount: number;
  activeCount: number;
  /** The active set's capacity in this round: the round's maximum, or the adaptive limit below it. */
  capacity: number;
  /** Admission history of the rate window (every instance's admissions). */
  admissionHistory: AdmissionBucket[];
}

export interface ExpireCommand {
  /** The token to expire; null: the user's live token, if it was issued no later than `notJoinedAfterMs`. */
  tokenId: string | null;
  /** The token must belong to this user. */
  userId: string;
  notJoinedAfterMs: number;
  reason: ExpiryReason;
  round: AdmissionRound;
  /** The purchase's effect on the adaptive admission limit, applied before the slot is handed on (null: none). */
  limitAdjustment: LimitAdjustment | null;
}

export type ExpireOutcome =
  /**
   * `admitted`: the waiting users the freed slot went to in the same step (at most one; none when
   * the adaptive limit was just cut); `capacity`: the active set's capacity after the step.
   */
  | { result: 'EXPIRED'; tokenId: string; admitted: Admission[]; capacity: number }
  | { result: 'ALREADY_EXPIRED'; tokenId: string }
  | { result: 'UNKNOWN_TOKEN' | 'OTHER_USER' | 'NO_LIVE_TOKEN' | 'ISSUED_AFTER'; tokenId: string | null };

/**
 * The waiting room's state. Every method is one atomic step (one Lua script, one round trip), so
 * the rules hold with any number of queue-service instances.
 */
export interface QueueStore {
  /** Enqueues the user at the back unless they hold a live token; fills free slots in queue order. */
  join(command: JoinCommand): Promise<JoinResult>;
  /** The token's place (null: never issued or forgotten); counts as activity of a waiting user. */
  placeOf(tokenId: string, round: AdmissionRound): Promise<QueuePlace | null>;
  /** `placeOf` for many tokens in one pipeline (event streams). */
  placesOf(tokenIds: readonly string[], round: AdmissionRound): Promise<Array<QueuePlace | null>>;
  /** Expires actives whose window is over, evicts idle waiters, admits from the head into free slots. */
  admit(round: AdmissionRound): Promise<AdmissionOutcome>;
  /** Expires the token (idempotent) and gives its slot to the head of the queue. */
  expire(command: ExpireCommand): Promise<ExpireOutcome>;
}

export const QUEUE_STORE = Symbol('QUEUE_STORE');
