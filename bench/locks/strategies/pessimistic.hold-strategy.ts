import type { EntityManager } from 'typeorm';
import type { HoldInsertResult } from '../../../apps/reservation-service/src/reservations/application/ports/reservation-unit-of-work.port';
import type { ReservationProps } from '../../../apps/reservation-service/src/reservations/domain/reservation';
import { isLiveSeatConflict } from '../../../apps/reservation-service/src/reservations/infrastructure/persistence/postgres-errors';
import { holdBackstopConflicts } from './hold-metrics';
import { type HoldStrategy, INSERT_COLUMNS, INSERT_PLACEHOLDERS, insertValues, seatOccupied } from '../../../apps/reservation-service/src/reservations/infrastructure/hold-strategies/hold-strategy';

/**
 * Pessimistic: lock the seat's catalog row (SELECT … FOR UPDATE), then check and insert while
 * holding it. Requests for one seat queue on that row lock one transaction at a time; each
 * later one sees the committed winner (READ COMMITTED takes a new snapshot per statement).
 */
export class PessimisticHoldStrategy implements HoldStrategy {
  readonly name = 'pessimistic' as const;

  async insert(manager: EntityManager, hold: ReservationProps, now: Date): Promise<HoldInsertResult> {
    await manager.query(`SELECT 1 FROM catalog_seats WHERE schedule_id = $1 AND seat_no = $2 FOR UPDATE`, [hold.scheduleId, hold.seatNo]);
    if (await seatOccupied(manager, 'reservations', hold.scheduleId, hold.seatNo, now)) return 'SEAT_TAKEN';
    try {
      await manager.query(`INSERT INTO reservations (${INSERT_COLUMNS}) VALUES (${INSERT_PLACEHOLDERS})`, insertValues(hold));
      return 'INSERTED';
    } catch (error) {
      if (!isLiveSeatConflict(error)) throw error;
      // Only reachable if the lock above failed to serialise: counted, so the benchmark shows it.
      holdBackstopConflicts.inc({ strategy: this.name });
      return 'SEAT_TAKEN';
    }
  }
}
