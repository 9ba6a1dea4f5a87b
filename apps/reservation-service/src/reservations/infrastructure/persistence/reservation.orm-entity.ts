import { Column, Entity, PrimaryColumn } from 'typeorm';
import type { ReservationStatus } from '../../domain/reservation-status';

/** Table `reservations` (see the migration for its indexes). Property names match ReservationProps. */
@Entity({ name: 'reservations' })
export class ReservationOrmEntity {
  @PrimaryColumn({ type: 'uuid' }) id!: string;
  @Column({ name: 'user_id', type: 'uuid' }) userId!: string;
  @Column({ name: 'concert_id', type: 'uuid' }) concertId!: string;
  @Column({ name: 'schedule_id', type: 'uuid' }) scheduleId!: string;
  @Column({ name: 'seat_no', type: 'smallint' }) seatNo!: number;
  @Column({ type: 'integer' }) price!: number;
  @Column({ type: 'text' }) status!: ReservationStatus;
  @Column({ name: 'expires_at', type: 'timestamptz' }) expiresAt!: Date;
  @Column({ type: 'integer' }) version!: number;
  @Column({ name: 'payment_id', type: 'uuid', nullable: true }) paymentId!: string | null;
  @Column({ name: 'created_at', type: 'timestamptz' }) createdAt!: Date;
  @Column({ name: 'updated_at', type: 'timestamptz' }) updatedAt!: Date;
}

/** The same columns for raw SQL (SELECT / RETURNING), aliased to the entity's property names. */
export const RESERVATION_COLUMNS = `id, user_id AS "userId", concert_id AS "concertId", schedule_id AS "scheduleId",
  seat_no AS "seatNo", price, status, expires_at AS "expiresAt", version, payment_id AS "paymentId",
  created_at AS "createdAt", updated_at AS "updatedAt"`;
