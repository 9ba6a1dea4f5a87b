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
