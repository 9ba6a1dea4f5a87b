import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';
import { Topics } from '@concert/contracts';
import { OutboxWriter } from '@concert/platform';
import type { Concert } from '../domain/concert';
import type { ConcertRepository } from '../application/ports/concert.repository.port';

/** Writes a new concert (set-based inserts) and its ScheduleCreated events in one transaction. */
@Injectable()
export class PostgresConcertRepository implements ConcertRepository {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly outbox: OutboxWriter,
  ) {}

  add(concert: Concert, context: { requestId?: string; occurredAt: Date }): Promise<boolean> {
    return this.db.transaction(async (manager) => {
      const { waitingRoom } = concert;
      const inserted: unknown[] = await manager.query(
        `INSERT INTO concerts (id, title, venue, waiting_room_max_active_users, waiting_room_active_seconds, waiting_room_sale_opens_at)
         VALUES ($1, $2, $3, $4, $5, $6) ON CONFLICT (id) DO NOTHING RETURNING id`,
        [concert.id, concert.title, concert.venue, waitingRoom.maxActiveUsers, waitingRoom.activeSeconds, waitingRoom.saleOpensAt?.toISOString() ?? null],
      );
      if (inserted.length === 0) return false;
      const schedules = concert.schedules;
      await manager.query(
        `INSERT INTO schedules (id, concert_id, starts_at, total_seats, available_seats)
         SELECT id, $1, starts_at, seats, seats FROM unnest($2::uuid[], $3::timestamptz[], $4::smallint[]) AS t (id, starts_at, seats)`,
        [concert.id, schedules.map((s) => s.id), schedules.map((s) => s.startsAt.toISOString()), schedules.map((s) => s.seats.length)],
      );
      const seats = schedules.flatMap((schedule) => schedule.seats.map((seat) => ({ scheduleId: schedule.id, ...seat })));
      await manager.query(
        `INSERT INTO seats (schedule_id, seat_no, price)
         SELECT * FROM unnest($1::uuid[], $2::smallint[], $3::integer[])`,
        [seats.map((s) => s.scheduleId), seats.map((s) => s.seatNo), seats.map((s) => s.price)],
      );
      for (const payload of concert.scheduleCreatedEvents()) {
        await this.outbox.append(manager, {
          topic: Topics.ScheduleCreated,
          key: payload.scheduleId,
          payload,
          occurredAt: context.occurredAt.toISOString(),
          ...(context.requestId ? { requestId: context.requestId } : {}),
        });
      }
      return true;
    });
  }

  async exists(concertId: string): Promise<boolean> {
    const rows: unknown[] = await this.db.query('SELECT 1 FROM concerts WHERE id = $1', [concertId]);
    return rows.length > 0;
  }
}
