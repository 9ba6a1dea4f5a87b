import type { EntityManager } from 'typeorm';
import type { HoldInsertResult } from '../../../apps/reservation-service/src/reservations/application/ports/reservation-unit-of-work.port';
import type { ReservationProps } from '../../../apps/reservation-service/src/reservations/domain/reservation';
import { type HoldStrategy, INSERT_COLUMNS, INSERT_PLACEHOLDERS, insertValues, seatOccupied } from '../../../apps/reservation-service/src/reservations/infrastructure/hold-strategies/hold-strategy';

/**
 * NEGATIVE CONTROL for the lock benchmark only (`none`; not part of reservation-service, which
 * cannot be configured to run it): a naive check-then-insert with no lock, into `reservations_unguarded` — a copy of
 * the reservations table WITHOUT the partial unique index, which the benchmark creates in its
 * throw-away database. It exists to show that the race is real: the same load produces double
 * holds here. The product table and its index are never touched.
 */
export class UnguardedHoldStrategy implements HoldStrategy {
  readonly name = 'none' as const;
  static readonly TABLE = 'reservations_unguarded';

  async insert(manager: EntityManager, hold: ReservationProps, now: Date): Promise<HoldInsertResult> {
    if (await seatOccupied(manager, UnguardedHoldStrategy.TABLE, hold.scheduleId, hold.seatNo, now)) return 'SEAT_TAKEN';
    await manager.query(`INSERT INTO ${UnguardedHoldStrategy.TABLE} (${INSERT_COLUMNS}) VALUES (${INSERT_PLACEHOLDERS})`, insertValues(hold));
    return 'INSERTED';
  }
}
