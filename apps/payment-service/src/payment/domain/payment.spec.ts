import { Payment } from './payment';

describe('Payment', () => {
  const paidAt = new Date('2030-01-01T00:00:00.000Z');
  const completed = () =>
    Payment.complete({ id: 'p-1', reservationId: 'r-1', userId: 'u-1', amount: 80_000, paidAt });

  it('starts COMPLETED and not refunded', () => {
    const sut = completed();
    expect(sut.status).toBe('COMPLETED');
    expect(sut.refundedAt).toBeNull();
  });

  it('is refunded once, at the given time', () => {
    const at = new Date('2030-01-01T00:05:00.000Z');
    const refunded = completed().refund(at);
    expect(refunded?.status).toBe('REFUNDED');
    expect(refunded?.refundedAt).toEqual(at);
    expect(refunded?.amount).toBe(80_000);
    expect(refunded?.refund(new Date())).toBeNull();
  });

  it('does not change the original when refunded (immutable)', () => {
    const sut = completed();
    sut.refund(new Date());
    expect(sut.status).toBe('COMPLETED');
  });
});
