import { Column, Entity, PrimaryColumn } from 'typeorm';
import type { ReplicaStatus } from '../domain/reservation-replica';
import { bigintToNumber } from '../../shared/infrastructure/sql';

/** payment-service's copy of reservations, fed by reservation events (and synchronous checks). */
@Entity({ name: 'reservation_replicas' })
export class ReservationReplicaOrmEntity {
  @PrimaryColumn({ type: 'uuid' }) id!: string;
  @Column({ name: 'user_id', type: 'uuid' }) userId!: string;
  @Column({ name: 'concert_id', type: 'uuid', nullable: true }) concertId!: string | null;
  @Column({ type: 'bigint', nullable: true, transformer: bigintToNumber }) amount!: number | null;
  @Column({ name: 'expires_at', type: 'timestamptz', nullable: true }) expiresAt!: Date | null;
  @Column({ type: 'text' }) status!: ReplicaStatus;
  @Column({ type: 'integer' }) version!: number;
  @Column({ name: 'updated_at', type: 'timestamptz' }) updatedAt!: Date;
}
