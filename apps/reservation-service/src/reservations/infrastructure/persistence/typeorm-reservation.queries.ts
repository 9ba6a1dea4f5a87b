import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';
import type { ReservationQueries, SeatForHold } from '../../application/ports/reservation-unit-of-work.port';
import { Reservation } from '../../domain/reservation';
import { ReservationOrmEntity } from './reservation.orm-entity';

@Injectable()
export class TypeOrmReservationQueries implements ReservationQueries {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  async findSeatForHold(scheduleId: string, seatNo: number, now: Date): Promise<SeatForHold> {
    // One round trip, no transaction: tells "no schedule" from "no such seat", and whether a live
    // reservation occupies the seat (a probe of the partial unique index).
    const [row] = await this.dataSource.query<Array<{ concertId: string; startsAt: Date; price: number | null; occupied: boolean }>>(
      `SELECT s.concert_id AS "concertId", s.starts_at AS "startsAt", seat.price,
              EXISTS (SELECT 1 FROM reservations r
                       WHERE r.schedule_id = $1 AND r.seat_no = $2 AND r.status IN ('HELD', 'CONFIRMED')
                         AND (r.status = 'CONFIRMED' OR r.expires_at > $3)) AS occupied
         FROM catalog_schedules s
         LEFT JOIN catalog_seats seat ON seat.schedule_id = s.schedule_id AND seat.seat_no = $2
        WHERE s.schedule_id = $1`,
      [scheduleId, seatNo, now],
    );
    if (!row) return { kind: 'SCHEDULE_NOT_FOUND' };
    if (row.price === null) return { kind: 'SEAT_NOT_FOUND', concertId: row.concertId };
    if (row.startsAt.getTime() <= now.getTime()) return { kind: 'SCHEDULE_STARTED', concertId: row.concertId, startsAt: row.startsAt };
    return { kind: 'FOUND', seat: { scheduleId, concertId: row.concertId, seatNo, price: row.price }, occupied: row.occupied };
  }

  async findById(reservationId: string): Promise<Reservation | null> {
    const entity = await this.dataSource.getRepository(ReservationOrmEntity).findOneBy({ id: reservationId });
    return entity ? Reservation.restore(entity) : null;
  }

  async listByUser(userId: string, limit: number): Promise<Reservation[]> {
    const entities = await this.dataSource
      .getRepository(ReservationOrmEntity)
      .find({ where: { userId }, order: { createdAt: 'DESC', id: 'DESC' }, take: limit });
    return entities.map((entity) => Reservation.restore(entity));
  }

  async nextHoldExpiry(): Promise<Date | null> {
    // min() over the partial index of HELD rows: one index probe.
    const [row] = await this.dataSource.query<Array<{ next: Date | null }>>(`SELECT min(expires_at) AS next FROM reservations WHERE status = 'HELD'`);
    return row?.next ?? null;
  }
}
