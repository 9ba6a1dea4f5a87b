import type { EntityManager } from 'typeorm';
import type { WalletRepository } from '../application/wallet.repository';
import { MAX_BALANCE } from '../domain/wallet';
import { queryRows, toNumber } from '../../shared/infrastructure/sql';
import { WalletOrmEntity } from './wallet.orm-entity';

type BalanceRow = { balance: string };

/** Each change is one statement: the row lock it takes serialises concurrent changes of a wallet. */
export class TypeOrmWalletRepository implements WalletRepository {
  constructor(private readonly manager: EntityManager) {}

  async charge(userId: string, amount: number, at: Date): Promise<number | null> {
    const rows = await queryRows<BalanceRow>(
      this.manager,
      `INSERT INTO wallets AS w (user_id, balance, version, updated_at) VALUES ($1, $2, 1, $3)
       ON CONFLICT (user_id) DO UPDATE
         SET balance = w.balance + EXCLUDED.balance, version = w.version + 1, updated_at = EXCLUDED.updated_at
         WHERE w.balance + EXCLUDED.balance <= $4
       RETURNING balance`,
      [userId, amount, at, MAX_BALANCE],
    );
    return rows[0] ? toNumber(rows[0].balance) : null;
  }

  async debit(userId: string, amount: number, at: Date): Promise<number | null> {
    const rows = await queryRows<BalanceRow>(
      this.manager,
      `UPDATE wallets SET balance = balance - $2, version = version + 1, updated_at = $3
       WHERE user_id = $1 AND balance >= $2
       RETURNING balance`,
      [userId, amount, at],
    );
    return rows[0] ? toNumber(rows[0].balance) : null;
  }

  async refund(userId: string, amount: number, at: Date): Promise<number> {
    const rows = await queryRows<BalanceRow>(
      this.manager,
      `INSERT INTO wallets AS w (user_id, balance, version, updated_at) VALUES ($1, $2, 1, $3)
       ON CONFLICT (user_id) DO UPDATE
         SET balance = w.balance + EXCLUDED.balance, version = w.version + 1, updated_at = EXCLUDED.updated_at
       RETURNING balance`,
      [userId, amount, at],
    );
    const [row] = rows;
    if (!row) throw new Error(`Refund of wallet ${userId} returned no balance`);
    return toNumber(row.balance);
  }

  async balanceOf(userId: string): Promise<number> {
    const wallet = await this.manager.getRepository(WalletOrmEntity).findOneBy({ userId });
    return wallet?.balance ?? 0;
  }
}
