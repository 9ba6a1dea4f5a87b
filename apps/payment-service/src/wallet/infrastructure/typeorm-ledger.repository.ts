import type { EntityManager } from 'typeorm';
import type { LedgerRepository } from '../application/ledger.repository';
import type { LedgerEntry, NewLedgerEntry } from '../domain/ledger-entry';
import { writeLater } from '../../shared/infrastructure/sql';
import { LedgerEntryOrmEntity } from './ledger-entry.orm-entity';

export class TypeOrmLedgerRepository implements LedgerRepository {
  constructor(private readonly manager: EntityManager) {}

  async append(entry: NewLedgerEntry): Promise<void> {
    // clock_timestamp(), not now(): now() is the transaction's start, and a charge that waited for
    // the wallet's row lock would carry a time earlier than the change applied before it.
    await writeLater(this.manager, {
      sql: `INSERT INTO ledger (user_id, type, amount, balance_after, reference, created_at) VALUES ($1, $2, $3, $4, $5, clock_timestamp())`,
      parameters: [entry.userId, entry.type, entry.amount, entry.balanceAfter, entry.reference],
    });
  }

  async history(userId: string, limit: number): Promise<LedgerEntry[]> {
    // By id, not created_at: ids follow the order the changes were applied to the balance.
    const rows = await this.manager.getRepository(LedgerEntryOrmEntity).find({ where: { userId }, order: { id: 'DESC' }, take: limit });
    return rows.map((row) => ({
      userId: row.userId,
      type: row.type,
      amount: row.amount,
      balanceAfter: row.balanceAfter,
      reference: row.reference,
      at: row.createdAt,
    }));
  }
}
