import { ErrorCode } from '@concert/contracts';
import { InMemoryUnitOfWork } from '../../../testing/in-memory-unit-of-work.fixture';
import { Payment } from '../../domain/payment';
import { GetPaymentUseCase } from './get-payment.use-case';

describe('GetPaymentUseCase', () => {
  const paidAt = new Date('2030-01-01T00:00:00.000Z');
  const refundedAt = new Date('2030-01-01T00:01:00.000Z');

  it('shows a payment, with refundedAt once refunded', async () => {
    const unitOfWork = new InMemoryUnitOfWork();
    const payment = Payment.complete({ id: 'p-1', reservationId: 'r-1', userId: 'u-1', amount: 5, paidAt });
    unitOfWork.state.payments.set('p-1', payment.refund(refundedAt)?.toProps() ?? payment.toProps());
    const sut = new GetPaymentUseCase(unitOfWork);
    await expect(sut.execute({ paymentId: 'p-1', userId: 'u-1' })).resolves.toEqual({
      paymentId: 'p-1',
      reservationId: 'r-1',
      userId: 'u-1',
      amount: 5,
      status: 'REFUNDED',
      paidAt: paidAt.toISOString(),
      refundedAt: refundedAt.toISOString(),
    });
  });

  it("answers PAYMENT_NOT_FOUND for another user's payment, as if it did not exist", async () => {
    const unitOfWork = new InMemoryUnitOfWork();
    unitOfWork.state.payments.set('p-1', Payment.complete({ id: 'p-1', reservationId: 'r-1', userId: 'u-1', amount: 5, paidAt }).toProps());
    const sut = new GetPaymentUseCase(unitOfWork);

    await expect(sut.execute({ paymentId: 'p-1', userId: 'u-2' })).rejects.toMatchObject({ code: ErrorCode.PAYMENT_NOT_FOUND });
    await expect(sut.execute({ paymentId: 'p-1', userId: 'u-1' })).resolves.toMatchObject({ paymentId: 'p-1', userId: 'u-1' });
  });

  it('answers PAYMENT_NOT_FOUND for an unknown id', async () => {
    const sut = new GetPaymentUseCase(new InMemoryUnitOfWork());
    await expect(sut.execute({ paymentId: 'nope', userId: 'u-1' })).rejects.toMatchObject({ code: ErrorCode.PAYMENT_NOT_FOUND });
  });
});
