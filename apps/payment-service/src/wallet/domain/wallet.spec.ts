import { DomainError, ErrorCode } from '@concert/contracts';
import { balanceDelta } from './ledger-entry';
import { chargeAmountOf, MAX_BALANCE, MAX_CHARGE_AMOUNT, Wallet } from './wallet';

const USER = '11111111-1111-4111-8111-111111111111';

function codeOf(fn: () => unknown): ErrorCode | undefined {
  try {
    fn();
    return undefined;
  } catch (error) {
    return error instanceof DomainError ? error.code : undefined;
  }
}

describe('chargeAmountOf', () => {
  it.each([1, 50_000, MAX_CHARGE_AMOUNT])('accepts %p won', (amount) => {
    expect(chargeAmountOf(amount)).toBe(amount);
  });

  it.each([0, -1, MAX_CHARGE_AMOUNT + 1, 1.5, Number.NaN, Number.POSITIVE_INFINITY, '1000', null, undefined, true, [1000], { amount: 1 }])(
    'refuses %p with INVALID_AMOUNT',
    (amount) => {
      expect(codeOf(() => chargeAmountOf(amount))).toBe(ErrorCode.INVALID_AMOUNT);
    },
  );
});

describe('Wallet', () => {
  it('charges up to the cap exactly', () => {
    const sut = Wallet.of(USER, MAX_BALANCE - 1_000);
    expect(sut.charge(1_000).balance).toBe(MAX_BALANCE);
  });

  it('refuses a charge that would pass the cap, leaving the balance as it was', () => {
    const sut = Wallet.of(USER, MAX_BALANCE - 999);
    expect(codeOf(() => sut.charge(1_000))).toBe(ErrorCode.INVALID_AMOUNT);
    expect(sut.balance).toBe(MAX_BALANCE - 999);
  });

  it('debits down to exactly zero', () => {
    expect(Wallet.of(USER, 80_000).debit(80_000).balance).toBe(0);
  });

  it('refuses a debit the balance does not cover (INSUFFICIENT_BALANCE)', () => {
    expect(codeOf(() => Wallet.of(USER, 79_999).debit(80_000))).toBe(ErrorCode.INSUFFICIENT_BALANCE);
    expect(codeOf(() => Wallet.empty(USER).debit(1))).toBe(ErrorCode.INSUFFICIENT_BALANCE);
  });

  it('applies a refund even past the charge cap (a compensation must not fail)', () => {
    expect(Wallet.of(USER, MAX_BALANCE).refund(80_000).balance).toBe(MAX_BALANCE + 80_000);
  });

  it('refuses to represent a negative or fractional balance', () => {
    expect(() => Wallet.of(USER, -1)).toThrow();
    expect(() => Wallet.of(USER, 0.5)).toThrow();
  });
});

describe('balanceDelta', () => {
  it('adds charges and refunds, subtracts payments', () => {
    expect(balanceDelta({ type: 'CHARGE', amount: 10 })).toBe(10);
    expect(balanceDelta({ type: 'REFUND', amount: 7 })).toBe(7);
    expect(balanceDelta({ type: 'PAYMENT', amount: 3 })).toBe(-3);
  });
});
