/**
 * Balance changes, each one atomic statement in the database (a conditional upsert or update):
 * never read the balance, compute, and write it back.
 */
export interface WalletRepository {
  /** Adds a charge; the new balance, or null when it would pass the cap (nothing changes). */
  charge(userId: string, amount: number, at: Date): Promise<number | null>;
  /** Takes a payment; the new balance, or null when the balance does not cover it (nothing changes). */
  debit(userId: string, amount: number, at: Date): Promise<number | null>;
  /** Gives a payment back (no cap); the new balance. */
  refund(userId: string, amount: number, at: Date): Promise<number>;
  /** 0 for a user never charged. */
  balanceOf(userId: string): Promise<number>;
}
