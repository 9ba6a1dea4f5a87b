import { Column, Entity, PrimaryColumn } from 'typeorm';
import { bigintToNumber } from '../../shared/infrastructure/sql';

@Entity({ name: 'wallets' })
export class WalletOrmEntity {
  @PrimaryColumn({ name: 'user_id', type: 'uuid' }) userId!: string;
  @Column({ type: 'bigint', transformer: bigintToNumber }) balance!: number;
  @Column({ type: 'bigint', transformer: bigintToNumber }) version!: number;
  @Column({ name: 'updated_at', type: 'timestamptz' }) updatedAt!: Date;
}
