import type { EntityManager } from 'typeorm';
import type { HoldInsertResult } from '../../application/ports/reservation-unit-of-work.port';
import type { ReservationProps } from '../../domain/reservation';
import { type HoldStrategy, INSERT_COLUMNS, INSERT_PLACEHOLDERS, insertValues } from './hold-strategy';

/**
 * The product default. One statement: insert unless the partial unique index already has a live
 * row for the seat. A concurrent insert of the same seat waits for the first to commit or roll
 * back, then does nothing — no error, no aborted transaction, no extra round trip, no lock taken
 * on anything but the new index entry.
 */
export class OnConflictHoldStrategy implements HoldStrategy {
  readonly name = 'on-conflict' as const;

  async insert(manager: EntityManager, hold: ReservationProps): Promise<HoldInsertResult> {
    const inserted: unknown[] = await manager.query(
      `INSERT INTO reservations (${INSERT_COLUMNS}) VALUES (${INSERT_PLACEHOLDERS})
       ON CONFLICT (schedule_id, seat_no) WHERE status IN ('HELD', 'CONFIRMED') DO NOTHING
       RETURNING id`,
      insertValues(hold),
    );
    return inserted.length === 1 ? 'INSERTED' : 'SEAT_TAKEN';
  }
}
