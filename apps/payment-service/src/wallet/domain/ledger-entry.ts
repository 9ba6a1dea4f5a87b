export type LedgerEntryKind = 'CHARGE' | 'PAYMENT' | 'REFUND';

/** One append-only line of a wallet's history. `amount` is always positive; the kind gives the direction. */
export interface LedgerEntry {
  userId: string;
  type: LedgerEntryKind;
  amount: number;
  balanceAfter: number;
  /** The payment a PAYMENT or REFUND belongs to; null for a charge. */
  reference: string | null;
  at: Date;
}

/**
 * An entry to append. Its time is not the caller's: the database stamps it when the row is
 * written, inside the transaction that holds the wallet's row lock, so a wallet's history is in
 * time order as well as in the order its changes were applied.
 */
export type NewLedgerEntry = Omit<LedgerEntry, 'at'>;

/** The signed effect of an entry on the balance. */
export function balanceDelta(entry: Pick<LedgerEntry, 'type' | 'amount'>): number {
  switch (entry.type) {
    case 'CHARGE':
    case 'REFUND':
      return entry.amount;
    case 'PAYMENT':
      return -entry.amount;
  }
}
