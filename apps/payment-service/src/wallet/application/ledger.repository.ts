import type { LedgerEntry, NewLedgerEntry } from '../domain/ledger-entry';

/** The append-only history of every balance change. */
export interface LedgerRepository {
  append(entry: NewLedgerEntry): Promise<void>;
  /** Newest first (the order the changes were applied to the balance). */
  history(userId: string, limit: number): Promise<LedgerEntry[]>;
}
