import type { EntityManager } from 'typeorm';
import type { ReservationProps } from '../../domain/reservation';
import type { HoldInsertResult } from '../../application/ports/reservation-unit-of-work.port';

/**
 * How a new hold gets into the table safely when many requests race for one seat. It runs inside
 * the hold transaction (after the user lock, the overdue-hold expiry and the cheap occupancy
 * pre-check), and the product's partial unique index stays underneath. The service runs
 * `on-conflict`, the measured winner; the alternatives it was measured against, and the unguarded
 * negative control, live in bench/locks/strategies/ and are plugged in by the lock benchmark only
 * (docs/concurrency.md).
 */
export interface HoldStrategy {
  readonly name: string;
  insert(manager: EntityManager, hold: ReservationProps, now: Date): Promise<HoldInsertResult>;
}

export const HOLD_STRATEGY = Symbol('HOLD_STRATEGY');

export const INSERT_COLUMNS = `id, user_id, concert_id, schedule_id, seat_no, price, status, expires_at, version, payment_id, created_at, updated_at`;

export function insertValues(hold: ReservationProps): unknown[] {
  return [
    hold.id,
    hold.userId,
    hold.concertId,
    hold.scheduleId,
    hold.seatNo,
    hold.price,
    hold.status,
    hold.expiresAt,
    hold.version,
    hold.paymentId,
    hold.createdAt,
    hold.updatedAt,
  ];
}

export const INSERT_PLACEHOLDERS = `$1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12`;

/** Whether a HELD-or-CONFIRMED reservation of the seat still counts at `now` (in `table`). */
export async function seatOccupied(manager: EntityManager, table: string, scheduleId: string, seatNo: number, now: Date): Promise<boolean> {
  const rows: unknown[] = await manager.query(
    `SELECT 1 FROM ${table}
      WHERE schedule_id = $1 AND seat_no = $2 AND status IN ('HELD', 'CONFIRMED')
        AND (status = 'CONFIRMED' OR expires_at > $3)
      LIMIT 1`,
    [scheduleId, seatNo, now],
  );
  return rows.length > 0;
}
