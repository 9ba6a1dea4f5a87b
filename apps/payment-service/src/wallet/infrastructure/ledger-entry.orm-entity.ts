import { Column, Entity, PrimaryColumn } from 'typeorm';
import type { LedgerEntryKind } from '../domain/ledger-entry';
import { bigintToNumber } from '../../shared/infrastructure/sql';

/** Append-only (a trigger refuses UPDATE, DELETE and TRUNCATE). */
@Entity({ name: 'ledger' })
export class LedgerEntryOrmEntity {
  @PrimaryColumn({ type: 'bigint', transformer: bigintToNumber }) id!: number;
  @Column({ name: 'user_id', type: 'uuid' }) userId!: string;
  @Column({ type: 'text' }) type!: LedgerEntryKind;
  @Column({ type: 'bigint', transformer: bigintToNumber }) amount!: number;
  @Column({ name: 'balance_after', type: 'bigint', transformer: bigintToNumber }) balanceAfter!: number;
  @Column({ type: 'uuid', nullable: true }) reference!: string | null;
  @Column({ name: 'created_at', type: 'timestamptz' }) createdAt!: Date;
}
