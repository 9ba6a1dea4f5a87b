import type { EntityManager } from 'typeorm';
import type { ReservationPhase, ReservationRecord, SeatStatus } from '../domain/seat-availability';
import type {
  CatalogVersions,
  LockedSeat,
  SeatAvailabilityStore,
  SeatStatusUpdate,
} from '../application/ports/seat-availability.store.port';

/** The availability view through the manager of one open transaction (the inbox transaction). */
export class PostgresSeatAvailabilityStore implements SeatAvailabilityStore {
  constructor(private readonly manager: EntityManager) {}

  async lockSeat(scheduleId: string, seatNo: number, reservationId: string): Promise<LockedSeat | null> {
    const seats: Array<{ status: SeatStatus; reservation_id: string | null; concert_id: string }> = await this.manager.query(
      `SELECT se.status, se.reservation_id, sc.concert_id
         FROM seats se JOIN schedules sc ON sc.id = se.schedule_id
        WHERE se.schedule_id = $1 AND se.seat_no = $2
          FOR UPDATE OF se`,
      [scheduleId, seatNo],
    );
    const seat = seats[0];
    if (!seat) return null;
    // A separate statement on purpose: under READ COMMITTED it takes a new snapshot AFTER the
    // lock was granted, so it sees the records the previous lock holder committed (a CTE in the
    // locking statement would read them from the snapshot taken before waiting).
    const records: Array<{ reservation_id: string; phase: ReservationPhase; version: number }> = await this.manager.query(
      `SELECT reservation_id, phase, version FROM seat_reservations
        WHERE schedule_id = $1 AND seat_no = $2 AND phase <> 'RELEASED'
       UNION
       SELECT reservation_id, phase, version FROM seat_reservations
        WHERE reservation_id = $3 AND schedule_id = $1 AND seat_no = $2`,
      [scheduleId, seatNo, reservationId],
    );
    return {
      concertId: seat.concert_id,
      status: seat.status,
      holderId: seat.reservation_id,
      records: records.map((row) => ({ reservationId: row.reservation_id, phase: row.phase, version: row.version })),
    };
  }

  async saveRecord(scheduleId: string, seatNo: number, record: ReservationRecord, at: Date): Promise<void> {
    // The seat lock serialises writers of this seat; the WHERE keeps a reservation id that
    // (wrongly) names another seat from overwriting that seat's record.
    await this.manager.query(
      `INSERT INTO seat_reservations (reservation_id, schedule_id, seat_no, phase, version, updated_at)
       VALUES ($1, $2, $3, $4, $5, $6)
       ON CONFLICT (reservation_id) DO UPDATE
          SET phase = EXCLUDED.phase, version = EXCLUDED.version, updated_at = EXCLUDED.updated_at
        WHERE seat_reservations.schedule_id = EXCLUDED.schedule_id AND seat_reservations.seat_no = EXCLUDED.seat_no`,
      [record.reservationId, scheduleId, seatNo, record.phase, record.version, at],
    );
  }

  async saveHolder(scheduleId: string, seatNo: number, holderId: string | null): Promise<void> {
    await this.manager.query('UPDATE seats SET reservation_id = $3 WHERE schedule_id = $1 AND seat_no = $2', [scheduleId, seatNo, holderId]);
  }

  async saveStatus(update: SeatStatusUpdate): Promise<CatalogVersions> {
    // One round trip. The schedule and concert rows are updated (so locked) in seat → schedule →
    // concert order by every writer: no deadlock; the counts add to the newest committed value.
    const rows: Array<{ concert_id: string; schedule_version: string; concert_version: string | null }> = await this.manager.query(
      `WITH seat AS (
         UPDATE seats SET status = $3, reservation_id = $4, status_changed_at = $5
          WHERE schedule_id = $1 AND seat_no = $2
       ), schedule AS (
         UPDATE schedules SET available_seats = available_seats + $6, version = version + 1
          WHERE id = $1
          RETURNING concert_id, version
       ), concert AS (
         UPDATE concerts SET version = version + 1
          WHERE id = (SELECT concert_id FROM schedule) AND $6::integer <> 0
          RETURNING version
       )
       SELECT schedule.concert_id, schedule.version AS schedule_version, (SELECT version FROM concert) AS concert_version
         FROM schedule`,
      [update.scheduleId, update.seatNo, update.status, update.holderId, update.changedAt, update.availableDelta],
    );
    const row = rows[0];
    if (!row) throw new Error(`schedule ${update.scheduleId} vanished while its seat ${update.seatNo} was locked`);
    return {
      concertId: row.concert_id,
      scheduleId: update.scheduleId,
      scheduleVersion: Number(row.schedule_version),
      concertVersion: row.concert_version === null ? null : Number(row.concert_version),
    };
  }
}
