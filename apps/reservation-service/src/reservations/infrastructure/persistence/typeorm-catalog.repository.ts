import type { EntityManager } from 'typeorm';
import type { CatalogRepository } from '../../application/ports/reservation-unit-of-work.port';
import type { CatalogSchedule } from '../../domain/catalog-schedule';

/** The local catalog copy inside one transaction. */
export class TypeOrmCatalogRepository implements CatalogRepository {
  constructor(private readonly manager: EntityManager) {}

  async upsertSchedule(schedule: CatalogSchedule): Promise<void> {
    await this.manager.query(
      `INSERT INTO catalog_schedules (schedule_id, concert_id, starts_at) VALUES ($1, $2, $3)
       ON CONFLICT (schedule_id) DO UPDATE SET concert_id = EXCLUDED.concert_id, starts_at = EXCLUDED.starts_at, updated_at = now()`,
      [schedule.scheduleId, schedule.concertId, schedule.startsAt],
    );
    await this.manager.query(
      `INSERT INTO catalog_seats (schedule_id, seat_no, price)
       SELECT $1, seat_no, price FROM unnest($2::smallint[], $3::int[]) AS seat(seat_no, price)
       ON CONFLICT (schedule_id, seat_no) DO UPDATE SET price = EXCLUDED.price`,
      [schedule.scheduleId, schedule.seats.map((seat) => seat.seatNo), schedule.seats.map((seat) => seat.price)],
    );
  }
}
