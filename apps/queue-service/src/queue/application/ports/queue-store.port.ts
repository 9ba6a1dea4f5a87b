import type { AdmissionRound, LimitAdjustment } from '../../domain/admission-policy';
import type { AdmissionBucket } from '../../domain/admission-rate-estimator';
import type { ExpiryReason, QueuePlace, TokenRef } from '../../domain/queue-place';
import type { RoomChange, RoomSetup, RoomState } from '../../domain/room';

export interface JoinCommand {
  /** Id for the token if the user has no live one in the room (unused otherwise). */
  tokenId: string;
  userId: string;
  /** The concert whose room the user joins. */
  concertId: string;
  issuedAtSeconds: number;
  /** The new token's score in the pre-queue, should the sale not have opened (see opening-shuffle). */
  shuffleScore: number;
  /** The room's settings, should this be its first step. */
  setup: RoomSetup;
  round: AdmissionRound;
}

/** One user moved from the queue into the active set. */
export interface Admission {
  tokenId: string;
  /** Join → admission time. */
  waitedMs: number;
  /** The room's consecutive number of the admission (Redis-side order across every instance). */
  admissionNo: number;
}

export interface JoinResult {
  /** false: the user already held a live token in the room and got that same place back. */
  created: boolean;
  place: QueuePlace;
  /** Everyone admitted in this step (a join fills free slots at once), in queue order. */
  admitted: Admission[];
}

export interface AdmissionOutcome {
  concertId: string;
  /** Active tokens whose window was over, now EXPIRED. */
  expiredActive: number;
  /** Idle waiters removed from the queue, now EXPIRED. */
  evictedIdle: number;
  /** Users admitted in this round, in queue order. */
  admitted: Admission[];
  waitingCount: number;
  activeCount: number;
  preQueueCount: number;
  /** The active set's capacity in this round: the room's maximum, or the adaptive limit below it. */
  capacity: number;
  /** The room's settings in this round. */
  maxActiveUsers: number;
  activeSeconds: number;
  /** Admission history of the rate window (every instance's admissions). */
  admissionHistory: AdmissionBucket[];
}

export interface ExpireCommand {
  /** The room of the token. */
  concertId: string;
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

export type ConfigureOutcome = 'OK' | 'ALREADY_OPEN';

/**
 * The waiting rooms' state. Every method on a room is one atomic step (one Lua script, one round
 * trip, one Redis Cluster slot), so the rules hold with any number of queue-service instances.
 */
export interface QueueStore {
  /** Enqueues the user (pre-queue before the opening, else the back) unless they hold a live token in the room; fills free slots in queue order. */
  join(command: JoinCommand): Promise<JoinResult>;
  /** The token's place (null: never issued or forgotten); counts as activity of a waiting user. */
  placeOf(token: TokenRef, round: AdmissionRound): Promise<QueuePlace | null>;
  /** `placeOf` for many tokens in one pipeline (event streams). */
  placesOf(tokens: readonly TokenRef[], round: AdmissionRound): Promise<Array<QueuePlace | null>>;
  /** The rooms admission rounds visit: every room anyone joined and that is not forgotten. */
  rooms(): Promise<string[]>;
  /** In each room: opens a due sale, expires actives whose window is over, evicts idle waiters, admits from the head into free slots. */
  admit(concertIds: readonly string[], round: AdmissionRound): Promise<AdmissionOutcome[]>;
  /** Stops visiting a room found empty, unless anyone joined it since `cutoffMs`. */
  forgetRoom(concertId: string, cutoffMs: number): Promise<boolean>;
  /** Expires the token (idempotent) and gives its slot to the head of its room's queue. */
  expire(command: ExpireCommand): Promise<ExpireOutcome>;
  /** The room's settings and counts (set up from `setup` if this is its first step). */
  room(concertId: string, setup: RoomSetup, round: AdmissionRound): Promise<RoomState>;
  /** Changes the room's settings (set up from `setup` first if needed). */
  configure(concertId: string, setup: RoomSetup, change: RoomChange, round: AdmissionRound): Promise<ConfigureOutcome>;
  /** The pre-queue's token ids in the opening's order (empty before the opening, or when nobody was in it). */
  openingOrder(concertId: string): Promise<string[]>;
}

export const QUEUE_STORE = Symbol('QUEUE_STORE');
