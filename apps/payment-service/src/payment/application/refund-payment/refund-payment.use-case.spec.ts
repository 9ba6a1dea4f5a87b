import { Topics } from '@concert/contracts';
import { InMemoryUnitOfWork, ManualClock } from '../../../testing/in-memory-unit-of-work.fixture';
import { Payment } from '../../domain/payment';
import { RefundPaymentUseCase } from './refund-payment.use-case';

const USER = '11111111-1111-4111-8111-111111111111';
const RESERVATION = '33333333-3333-4333-8333-333333333333';
const PAYMENT = '55555555-5555-4555-8555-555555555555';

describe('RefundPaymentUseCase', () => {
  let unitOfWork: InMemoryUnitOfWork;
  let clock: ManualClock;
  let sut: RefundPaymentUseCase;

  beforeEach(() => {
    unitOfWork = new InMemoryUnitOfWork();
    clock = new ManualClock(new Date('2030-01-01T00:10:00.000Z'));
    sut = new RefundPaymentUseCase(clock);
    unitOfWork.state.wallets.set(USER, 20_000);
    unitOfWork.state.payments.set(
      PAYMENT,
      Payment.complete({ id: PAYMENT, reservationId: RESERVATION, userId: USER, amount: 80_000, paidAt: new Date('2030-01-01T00:05:00.000Z') }).toProps(),
    );
    unitOfWork.seedReplica({ id: RESERVATION, userId: USER, concertId: null, amount: 80_000, expiresAt: new Date('2030-01-01T00:04:59.000Z'), status: 'PAID', version: 1 });
  });

  const refund = (reason: 'EXPIRED' | 'CANCELLED' | 'ALREADY_CONFIRMED' | 'NOT_FOUND' = 'EXPIRED') =>
    unitOfWork.transaction((tx) => sut.execute({ paymentId: PAYMENT, reservationId: RESERVATION, reason, requestId: 'req-9' }, tx));

  it('gives the money back, marks the payment REFUNDED, writes a REFUND entry and PaymentRefunded', async () => {
    await expect(refund()).resolves.toBe('REFUNDED');
    expect(unitOfWork.balanceOf(USER)).toBe(100_000);
    expect(unitOfWork.state.payments.get(PAYMENT)).toMatchObject({ status: 'REFUNDED', refundedAt: clock.now() });
    expect(unitOfWork.state.ledger).toEqual([
      { userId: USER, type: 'REFUND', amount: 80_000, balanceAfter: 100_000, reference: PAYMENT, at: expect.any(Date) },
    ]);
    expect(unitOfWork.state.events).toEqual([
      {
        topic: Topics.PaymentRefunded,
        key: RESERVATION,
        payload: { paymentId: PAYMENT, reservationId: RESERVATION, userId: USER, amount: 80_000, refundedAt: clock.now().toISOString(), reason: 'EXPIRED' },
        occurredAt: clock.now(),
        requestId: 'req-9',
      },
    ]);
  });

  it('refunds once: a second request changes nothing', async () => {
    await refund();
    await expect(refund()).resolves.toBe('ALREADY_REFUNDED');
    expect(unitOfWork.balanceOf(USER)).toBe(100_000);
    expect(unitOfWork.state.ledger).toHaveLength(1);
    expect(unitOfWork.state.events).toHaveLength(1);
  });

  it.each([
    ['EXPIRED', 'EXPIRED'],
    ['NOT_FOUND', 'EXPIRED'],
    ['CANCELLED', 'CANCELLED'],
    ['ALREADY_CONFIRMED', 'PAID'],
  ] as const)('after a %s failure leaves the replica %s (a dead reservation cannot be paid again)', async (reason, status) => {
    await refund(reason);
    expect(unitOfWork.state.replicas.get(RESERVATION)?.status).toBe(status);
  });

  it('ignores a payment it does not know', async () => {
    unitOfWork.state.payments.clear();
    await expect(refund()).resolves.toBe('UNKNOWN_PAYMENT');
    expect(unitOfWork.balanceOf(USER)).toBe(20_000);
    expect(unitOfWork.state.events).toHaveLength(0);
  });
});
