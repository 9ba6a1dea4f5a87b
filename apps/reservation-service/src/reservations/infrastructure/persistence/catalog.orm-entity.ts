import { Column, Entity, PrimaryColumn } from 'typeorm';

/** Table `catalog_schedules`: the schedules concert-service announced. */
@Entity({ name: 'catalog_schedules' })
export class CatalogScheduleOrmEntity {
  @PrimaryColumn({ name: 'schedule_id', type: 'uuid' }) scheduleId!: string;
  @Column({ name: 'concert_id', type: 'uuid' }) concertId!: string;
  @Column({ name: 'starts_at', type: 'timestamptz' }) startsAt!: Date;
  @Column({ name: 'created_at', type: 'timestamptz' }) createdAt!: Date;
  @Column({ name: 'updated_at', type: 'timestamptz' }) updatedAt!: Date;
}

/** Table `catalog_seats`: one row per seat with its price (and the version the optimistic strategy checks). */
@Entity({ name: 'catalog_seats' })
export class CatalogSeatOrmEntity {
  @PrimaryColumn({ name: 'schedule_id', type: 'uuid' }) scheduleId!: string;
  @PrimaryColumn({ name: 'seat_no', type: 'smallint' }) seatNo!: number;
  @Column({ type: 'integer' }) price!: number;
  @Column({ type: 'integer' }) version!: number;
}
