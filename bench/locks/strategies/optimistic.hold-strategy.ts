import type { EntityManager } from 'typeorm';
import type { HoldInsertResult } from '../../../apps/reservation-service/src/reservations/application/ports/reservation-unit-of-work.port';
import type { ReservationProps } from '../../../apps/reservation-service/src/reservations/domain/reservation';
import { isLiveSeatConflict } from '../../../apps/reservation-service/src/reservations/infrastructure/persistence/postgres-errors';
import { holdBackstopConflicts, holdOptimisticConflicts } from './hold-metrics';
import { type HoldStrategy, INSERT_COLUMNS, INSERT_PLACEHOLDERS, insertValues, seatOccupied } from '../../../apps/reservation-service/src/reservations/infrastructure/hold-strategies/hold-strategy';

const MAX_ATTEMPTS = 3;

/**
 * Optimistic: read the seat row's version without a lock, check the seat is free, then claim it
 * with a conditional update (`… AND version = <read>`); 0 rows means someone claimed the seat
 * since the read: read again (the winner is then visible) or give up after a few tries. Every
 * hold bumps the version in its own transaction, so "free at the read" + "version unchanged"
 * proves no hold was inserted in between. (Postgres still makes the second writer of the row
 * wait for the first to finish before it re-checks the version.)
 */
export class OptimisticHoldStrategy implements HoldStrategy {
  readonly name = 'optimistic' as const;

  async insert(manager: EntityManager, hold: ReservationProps, now: Date): Promise<HoldInsertResult> {
    for (let attempt = 1; attempt <= MAX_ATTEMPTS; attempt++) {
      const [seat] = await manager.query<Array<{ version: number }>>(`SELECT version FROM catalog_seats WHERE schedule_id = $1 AND seat_no = $2`, [
        hold.scheduleId,
        hold.seatNo,
      ]);
      if (!seat) return 'SEAT_TAKEN';
      if (await seatOccupied(manager, 'reservations', hold.scheduleId, hold.seatNo, now)) return 'SEAT_TAKEN';
      const [, claimed] = await manager.query<[unknown, number]>(
        `UPDATE catalog_seats SET version = version + 1 WHERE schedule_id = $1 AND seat_no = $2 AND version = $3`,
        [hold.scheduleId, hold.seatNo, seat.version],
      );
      if (claimed === 1) {
        try {
          await manager.query(`INSERT INTO reservations (${INSERT_COLUMNS}) VALUES (${INSERT_PLACEHOLDERS})`, insertValues(hold));
          return 'INSERTED';
        } catch (error) {
          if (!isLiveSeatConflict(error)) throw error;
          holdBackstopConflicts.inc({ strategy: this.name });
          return 'SEAT_TAKEN';
        }
      }
      holdOptimisticConflicts.inc();
    }
    return 'SEAT_TAKEN';
  }
}
