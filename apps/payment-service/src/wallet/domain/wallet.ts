import { DomainError, ErrorCode } from '@concert/contracts';

/** Most won one charge may add. */
export const MAX_CHARGE_AMOUNT = 10_000_000;
/** Most won a wallet may hold after a charge. */
export const MAX_BALANCE = 1_000_000_000;

/**
 * Validates a charge amount as received (any JSON value): an integer number of won in
 * 1..{@link MAX_CHARGE_AMOUNT}; anything else is 400 INVALID_AMOUNT.
 */
export function chargeAmountOf(value: unknown): number {
  if (typeof value !== 'number' || !Number.isSafeInteger(value) || value < 1 || value > MAX_CHARGE_AMOUNT) {
    throw new DomainError(
      ErrorCode.INVALID_AMOUNT,
      `amount must be an integer number of won between 1 and ${MAX_CHARGE_AMOUNT.toLocaleString('en-US')}`,
    );
  }
  return value;
}

/**
 * A user's balance and the rules every change obeys. The repository applies the same rules in
 * one conditional SQL statement (never read-modify-write in memory); this object states them
 * and lets fakes behave like the database.
 */
export class Wallet {
  private constructor(
    readonly userId: string,
    readonly balance: number,
  ) {}

  static of(userId: string, balance: number): Wallet {
    if (!Number.isSafeInteger(balance) || balance < 0) throw new Error(`Invalid balance ${balance} for wallet ${userId}`);
    return new Wallet(userId, balance);
  }

  static empty(userId: string): Wallet {
    return new Wallet(userId, 0);
  }

  /** A charge: refused when the balance would pass {@link MAX_BALANCE}. */
  charge(amount: number): Wallet {
    if (this.balance + amount > MAX_BALANCE) {
      throw new DomainError(
        ErrorCode.INVALID_AMOUNT,
        `A charge of ${amount} would take the balance past ${MAX_BALANCE.toLocaleString('en-US')} won`,
      );
    }
    return new Wallet(this.userId, this.balance + amount);
  }

  /** A payment: refused when the balance does not cover it (nothing is debited). */
  debit(amount: number): Wallet {
    if (this.balance < amount) {
      throw new DomainError(ErrorCode.INSUFFICIENT_BALANCE, `Balance ${this.balance} does not cover ${amount} won`);
    }
    return new Wallet(this.userId, this.balance - amount);
  }

  /**
   * A refund gives back what a payment took. The cap is a rule of charges only: a refund must
   * always apply (the saga's compensation may not fail), even if the user charged up to the cap
   * while the payment was being confirmed.
   */
  refund(amount: number): Wallet {
    return new Wallet(this.userId, this.balance + amount);
  }
}
