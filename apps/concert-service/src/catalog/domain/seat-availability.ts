/**
 * The seat-availability view: what concert-service shows for a seat, derived from the
 * reservation events it receives (SeatHeld, HoldExpired, HoldCancelled, ReservationConfirmed).
 *
 * Events of ONE reservation carry a version that only grows; events of DIFFERENT reservations
 * of the same seat are keyed differently in Kafka, so nothing orders them. A single
 * "current reservation + version" per seat therefore cannot tell whether a late event is older
 * or newer than what it holds (hold A, expire A, hold B: A's expiry arriving after B's hold must
 * not free B's seat, and B's hold arriving before A's must not be undone by A's expiry).
 *
 * So the view keeps one record per reservation of the seat — its newest known phase — and
 * derives the seat from the set: SOLD if any reservation is confirmed, else HELD if any is held,
 * else AVAILABLE. Applying an event is a per-record "keep the newest version" merge, which is
 * commutative and idempotent: any order and any number of repetitions of the same events end in
 * the same seat state. (reservation-service guarantees at most one live reservation per seat, so
 * two HELD records only coexist while the older one's release is still in flight.)
 */

export type SeatStatus = 'AVAILABLE' | 'HELD' | 'SOLD';
export type ReservationPhase = 'HELD' | 'RELEASED' | 'CONFIRMED';

export interface ReservationRecord {
  readonly reservationId: string;
  readonly phase: ReservationPhase;
  /** The reservation's own version (monotonic per reservation). */
  readonly version: number;
}

/** What is known about one seat when an event about it arrives. */
export interface SeatSnapshot {
  readonly status: SeatStatus;
  readonly holderId: string | null;
  /**
   * The seat's reservations that are not RELEASED, plus the record of the event's own
   * reservation whatever its phase (released records of other reservations cannot matter).
   */
  readonly records: readonly ReservationRecord[];
}

export type ChangeOutcome = 'applied' | 'duplicate' | 'stale';

export interface SeatChange {
  readonly outcome: ChangeOutcome;
  /** The reservation record to store; null when the event brings nothing new. */
  readonly record: ReservationRecord | null;
  readonly status: SeatStatus;
  readonly holderId: string | null;
  readonly statusChanged: boolean;
  /** Change of the schedule's available-seat count. */
  readonly availableDelta: -1 | 0 | 1;
}

/** Same version: a terminal phase wins over HELD, CONFIRMED over RELEASED (never show a sold seat as free). */
const PHASE_RANK: Record<ReservationPhase, number> = { HELD: 0, RELEASED: 1, CONFIRMED: 2 };

/** True when `incoming` is newer than `known` for the same reservation. */
export function supersedes(incoming: ReservationRecord, known: ReservationRecord): boolean {
  if (incoming.version !== known.version) return incoming.version > known.version;
  return PHASE_RANK[incoming.phase] > PHASE_RANK[known.phase];
}

/** Applies one reservation event to a seat. Pure: the caller persists the result. */
export function applyReservationChange(seat: SeatSnapshot, change: ReservationRecord): SeatChange {
  const known = seat.records.find((record) => record.reservationId === change.reservationId);
  let outcome: ChangeOutcome = 'applied';
  if (known) {
    if (known.version === change.version && known.phase === change.phase) outcome = 'duplicate';
    else if (!supersedes(change, known)) outcome = 'stale';
  }
  const records =
    outcome === 'applied' ? [...seat.records.filter((record) => record.reservationId !== change.reservationId), change] : [...seat.records];
  const derived = deriveSeat(records, seat.holderId, outcome === 'applied' ? change.reservationId : null);
  const wasAvailable = seat.status === 'AVAILABLE';
  const isAvailable = derived.status === 'AVAILABLE';
  return {
    outcome,
    record: outcome === 'applied' ? change : null,
    status: derived.status,
    holderId: derived.holderId,
    statusChanged: derived.status !== seat.status,
    availableDelta: wasAvailable === isAvailable ? 0 : isAvailable ? 1 : -1,
  };
}

/**
 * The seat from its reservation records. The holder shown is the confirmed reservation, else
 * the held one (preferring the event's own, then the current holder, so it does not flip back
 * and forth while an older hold's release is in flight).
 */
export function deriveSeat(
  records: readonly ReservationRecord[],
  currentHolderId: string | null,
  preferredId: string | null = null,
): { status: SeatStatus; holderId: string | null } {
  const confirmed = records.filter((record) => record.phase === 'CONFIRMED');
  if (confirmed.length > 0) return { status: 'SOLD', holderId: pick(confirmed, currentHolderId, preferredId) };
  const held = records.filter((record) => record.phase === 'HELD');
  if (held.length > 0) return { status: 'HELD', holderId: pick(held, currentHolderId, preferredId) };
  return { status: 'AVAILABLE', holderId: null };
}

function pick(candidates: ReservationRecord[], currentHolderId: string | null, preferredId: string | null): string {
  for (const id of [preferredId, currentHolderId]) {
    if (id !== null && candidates.some((record) => record.reservationId === id)) return id;
  }
  return [...candidates].sort((a, b) => (a.reservationId < b.reservationId ? -1 : 1))[0].reservationId;
}
