import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';
import type { SeatStatus } from '../domain/seat-availability';
import type { WaitingRoomSettings } from '../domain/waiting-room';
import type {
  CatalogReadRepository,
  ConcertSummary,
  StoredSeatMap,
  UpcomingSchedules,
} from '../application/ports/catalog-read.repository.port';

interface ScheduleRow {
  concert_version: string;
  id: string | null;
  starts_at: Date | null;
  total_seats: number | null;
  available_seats: number | null;
}

interface WaitingRoomRow {
  waiting_room_max_active_users: number | null;
  waiting_room_active_seconds: number | null;
  waiting_room_sale_opens_at: Date | null;
}

interface SeatMapRow {
  concert_id: string;
  version: string;
  seat_no: number;
  price: number;
  status: SeatStatus;
}

/**
 * The catalog's read queries. Each read that feeds the cache is ONE statement, so the version
 * it returns and the rows it returns come from the same snapshot.
 */
@Injectable()
export class PostgresCatalogReadRepository implements CatalogReadRepository {
  constructor(@InjectDataSource() private readonly db: DataSource) {}

  async listConcerts(): Promise<ConcertSummary[]> {
    const rows: Array<{ id: string; title: string; venue: string }> = await this.db.query(
      'SELECT id, title, venue FROM concerts ORDER BY created_at, id',
    );
    return rows.map((row) => ({ concertId: row.id, title: row.title, venue: row.venue }));
  }

  async findUpcomingSchedules(concertId: string, after: Date): Promise<UpcomingSchedules | null> {
    // Index schedules (concert_id, starts_at): one range scan, already in start order.
    const rows: ScheduleRow[] = await this.db.query(
      `SELECT c.version AS concert_version, s.id, s.starts_at, s.total_seats, s.available_seats
         FROM concerts c
         LEFT JOIN schedules s ON s.concert_id = c.id AND s.starts_at > $2
        WHERE c.id = $1
        ORDER BY s.starts_at`,
      [concertId, after],
    );
    const first = rows[0];
    if (!first) return null;
    return {
      concertVersion: Number(first.concert_version),
      schedules: rows
        .filter((row) => row.id !== null)
        .map((row) => ({
          scheduleId: row.id!,
          startsAt: row.starts_at!,
          totalSeats: row.total_seats!,
          availableSeats: row.available_seats!,
        })),
    };
  }

  async findSeatMap(scheduleId: string): Promise<StoredSeatMap | null> {
    // Primary keys only: the schedule by id, its seats by the (schedule_id, seat_no) range.
    const rows: SeatMapRow[] = await this.db.query(
      `SELECT sc.concert_id, sc.version, se.seat_no, se.price, se.status
         FROM schedules sc
         JOIN seats se ON se.schedule_id = sc.id
        WHERE sc.id = $1
        ORDER BY se.seat_no`,
      [scheduleId],
    );
    const first = rows[0];
    if (!first) return null;
    return {
      scheduleId,
      concertId: first.concert_id,
      version: Number(first.version),
      seats: rows.map((row) => ({ seatNo: row.seat_no, price: row.price, status: row.status })),
    };
  }

  async concertExists(concertId: string): Promise<boolean> {
    const rows: unknown[] = await this.db.query('SELECT 1 FROM concerts WHERE id = $1', [concertId]);
    return rows.length > 0;
  }

  async findWaitingRoom(concertId: string): Promise<WaitingRoomSettings | null> {
    const rows: WaitingRoomRow[] = await this.db.query(
      `SELECT waiting_room_max_active_users, waiting_room_active_seconds, waiting_room_sale_opens_at
         FROM concerts
        WHERE id = $1`,
      [concertId],
    );
    const [row] = rows;
    if (!row) return null;
    return {
      maxActiveUsers: row.waiting_room_max_active_users,
      activeSeconds: row.waiting_room_active_seconds,
      saleOpensAt: row.waiting_room_sale_opens_at,
    };
  }
}
