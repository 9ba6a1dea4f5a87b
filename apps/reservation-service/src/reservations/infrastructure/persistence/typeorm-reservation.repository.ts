import type { EntityManager } from 'typeorm';
import type { HoldInsertResult, ReservationRepository } from '../../application/ports/reservation-unit-of-work.port';
import { Reservation, type ReservationProps } from '../../domain/reservation';
import type { HoldStrategy } from '../hold-strategies/hold-strategy';
import { holdInsertResults } from '../hold-strategies/hold-metrics';
import { RESERVATION_COLUMNS } from './reservation.orm-entity';

/** Raw rows come back with the aliases of RESERVATION_COLUMNS, i.e. ReservationProps. */
function toDomain(row: ReservationProps): Reservation {
  return Reservation.restore(row);
}

/** Reservations inside one transaction (the manager's). */
export class TypeOrmReservationRepository implements ReservationRepository {
  constructor(
    private readonly manager: EntityManager,
    private readonly strategy: HoldStrategy,
  ) {}

  async findById(reservationId: string, options: { forUpdate?: boolean } = {}): Promise<Reservation | null> {
    const rows: ReservationProps[] = await this.manager.query(
      `SELECT ${RESERVATION_COLUMNS} FROM reservations WHERE id = $1 ${options.forUpdate ? 'FOR UPDATE' : ''}`,
      [reservationId],
    );
    return rows[0] ? toDomain(rows[0]) : null;
  }

  /** The reservations with these ids that exist, locked FOR UPDATE in id order, in one statement. */
  async findManyForUpdate(reservationIds: readonly string[]): Promise<Reservation[]> {
    const rows: ReservationProps[] = await this.manager.query(
      `SELECT ${RESERVATION_COLUMNS} FROM reservations WHERE id = ANY($1::uuid[]) ORDER BY id FOR UPDATE`,
      [reservationIds],
    );
    return rows.map(toDomain);
  }

  async countLiveHolds(userId: string, now: Date): Promise<number> {
    const [row] = await this.manager.query<Array<{ count: number }>>(
      `SELECT count(*)::int AS count FROM reservations WHERE user_id = $1 AND status = 'HELD' AND expires_at > $2`,
      [userId, now],
    );
    return row?.count ?? 0;
  }

  async expireOverdueHoldOnSeat(scheduleId: string, seatNo: number, now: Date): Promise<Reservation[]> {
    // Goes through the partial unique index (schedule_id, seat_no) of live rows. If the sweeper
    // holds the row, this waits for it, re-reads the row and finds it no longer HELD: one expiry, one event.
    const [rows] = await this.manager.query<[ReservationProps[], number]>(
      `UPDATE reservations SET status = 'EXPIRED', version = version + 1, updated_at = $3
        WHERE schedule_id = $1 AND seat_no = $2 AND status = 'HELD' AND expires_at <= $3
        RETURNING ${RESERVATION_COLUMNS}`,
      [scheduleId, seatNo, now],
    );
    return rows.map(toDomain);
  }

  async expireOverdueHolds(now: Date, limit: number): Promise<Reservation[]> {
    // Reads only the partial index of HELD rows by expiry; SKIP LOCKED lets any number of
    // sweepers (and holds, cancels, confirmations) work at once without waiting on each other.
    const [rows] = await this.manager.query<[ReservationProps[], number]>(
      `UPDATE reservations SET status = 'EXPIRED', version = version + 1, updated_at = $1
        WHERE id IN (
          SELECT id FROM reservations
           WHERE status = 'HELD' AND expires_at <= $1
           ORDER BY expires_at
           LIMIT $2
           FOR UPDATE SKIP LOCKED)
          AND status = 'HELD'
        RETURNING ${RESERVATION_COLUMNS}`,
      [now, limit],
    );
    return rows.map(toDomain);
  }

  async insertHold(reservation: Reservation, now: Date): Promise<HoldInsertResult> {
    const result = await this.strategy.insert(this.manager, reservation.snapshot(), now);
    holdInsertResults.inc({ strategy: this.strategy.name, result });
    return result;
  }

  async update(reservation: Reservation, expectedVersion: number): Promise<void> {
    const props = reservation.snapshot();
    const [, updated] = await this.manager.query<[unknown, number]>(
      `UPDATE reservations SET status = $2, version = $3, payment_id = $4, updated_at = $5 WHERE id = $1 AND version = $6`,
      [props.id, props.status, props.version, props.paymentId, props.updatedAt, expectedVersion],
    );
    if (updated !== 1) throw new Error(`Reservation ${props.id} changed concurrently (expected version ${expectedVersion})`);
  }

  /** `update` of several reservations (one change each) in one statement; fails unless every one was at its expected version. */
  async updateAll(changes: ReadonlyArray<{ reservation: Reservation; expectedVersion: number }>): Promise<void> {
    if (changes.length === 0) return;
    const rows = changes.map(({ reservation, expectedVersion }) => ({ ...reservation.snapshot(), expectedVersion }));
    const [, updated] = await this.manager.query<[unknown, number]>(
      `UPDATE reservations r
          SET status = c.status, version = c.version, payment_id = c.payment_id, updated_at = c.updated_at
         FROM unnest($1::uuid[], $2::text[], $3::int[], $4::uuid[], $5::timestamptz[], $6::int[])
              AS c(id, status, version, payment_id, updated_at, expected_version)
        WHERE r.id = c.id AND r.version = c.expected_version`,
      [
        rows.map((row) => row.id),
        rows.map((row) => row.status),
        rows.map((row) => row.version),
        rows.map((row) => row.paymentId),
        rows.map((row) => row.updatedAt),
        rows.map((row) => row.expectedVersion),
      ],
    );
    if (updated !== rows.length) throw new Error(`${rows.length - updated} of ${rows.length} reservations changed concurrently`);
  }
}
