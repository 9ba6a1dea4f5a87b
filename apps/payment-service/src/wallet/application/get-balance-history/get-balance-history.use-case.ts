import { Inject, Injectable } from '@nestjs/common';
import { UNIT_OF_WORK, type UnitOfWork } from '../../../shared/application/unit-of-work';
import type { LedgerEntryKind } from '../../domain/ledger-entry';

export interface LedgerEntryView {
  type: LedgerEntryKind;
  amount: number;
  balanceAfter: number;
  at: string;
}

export const DEFAULT_HISTORY_LIMIT = 1_000;

@Injectable()
export class GetBalanceHistoryUseCase {
  constructor(@Inject(UNIT_OF_WORK) private readonly unitOfWork: UnitOfWork) {}

  /** Newest first. */
  async execute(query: { userId: string; limit?: number }): Promise<LedgerEntryView[]> {
    const entries = await this.unitOfWork.direct.ledger.history(query.userId, query.limit ?? DEFAULT_HISTORY_LIMIT);
    return entries.map((entry) => ({
      type: entry.type,
      amount: entry.amount,
      balanceAfter: entry.balanceAfter,
      at: entry.at.toISOString(),
    }));
  }
}
