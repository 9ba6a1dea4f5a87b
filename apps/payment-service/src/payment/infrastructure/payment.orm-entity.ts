import { Column, Entity, PrimaryColumn } from 'typeorm';
import type { PaymentState } from '../domain/payment';
import { bigintToNumber } from '../../shared/infrastructure/sql';

@Entity({ name: 'payments' })
export class PaymentOrmEntity {
  @PrimaryColumn({ type: 'uuid' }) id!: string;
  /** Unique: a reservation is paid at most once. */
  @Column({ name: 'reservation_id', type: 'uuid', unique: true }) reservationId!: string;
  @Column({ name: 'user_id', type: 'uuid' }) userId!: string;
  @Column({ type: 'bigint', transformer: bigintToNumber }) amount!: number;
  @Column({ type: 'text' }) status!: PaymentState;
  @Column({ name: 'paid_at', type: 'timestamptz' }) paidAt!: Date;
  @Column({ name: 'refunded_at', type: 'timestamptz', nullable: true }) refundedAt!: Date | null;
}
