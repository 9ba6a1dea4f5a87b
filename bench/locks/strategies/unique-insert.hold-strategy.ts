import type { EntityManager } from 'typeorm';
import type { HoldInsertResult } from '../../../apps/reservation-service/src/reservations/application/ports/reservation-unit-of-work.port';
import type { ReservationProps } from '../../../apps/reservation-service/src/reservations/domain/reservation';
import { isLiveSeatConflict } from '../../../apps/reservation-service/src/reservations/infrastructure/persistence/postgres-errors';
import { type HoldStrategy, INSERT_COLUMNS, INSERT_PLACEHOLDERS, insertValues } from '../../../apps/reservation-service/src/reservations/infrastructure/hold-strategies/hold-strategy';

/**
 * A plain INSERT; the partial unique index refuses the loser with 23505, mapped to SEAT_TAKEN.
 * Same guarantee as on-conflict, but every loser aborts its transaction with an error (which
 * Postgres also writes to its log).
 */
export class UniqueInsertHoldStrategy implements HoldStrategy {
  readonly name = 'unique-insert' as const;

  async insert(manager: EntityManager, hold: ReservationProps): Promise<HoldInsertResult> {
    try {
      await manager.query(`INSERT INTO reservations (${INSERT_COLUMNS}) VALUES (${INSERT_PLACEHOLDERS})`, insertValues(hold));
      return 'INSERTED';
    } catch (error) {
      // The transaction is aborted now: the caller throws SEAT_UNAVAILABLE and it rolls back.
      if (isLiveSeatConflict(error)) return 'SEAT_TAKEN';
      throw error;
    }
  }
}
