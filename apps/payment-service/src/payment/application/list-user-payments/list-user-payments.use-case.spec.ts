import { InMemoryUnitOfWork } from '../../../testing/in-memory-unit-of-work.fixture';
import { Payment } from '../../domain/payment';
import { ListUserPaymentsUseCase } from './list-user-payments.use-case';

describe('ListUserPaymentsUseCase', () => {
  it("lists the user's payments newest first, and only theirs", async () => {
    const unitOfWork = new InMemoryUnitOfWork();
    const pay = (id: string, userId: string, minute: number) =>
      unitOfWork.state.payments.set(
        id,
        Payment.complete({ id, reservationId: `r-${id}`, userId, amount: 1, paidAt: new Date(Date.UTC(2030, 0, 1, 0, minute)) }).toProps(),
      );
    pay('a', 'u-1', 1);
    pay('b', 'u-1', 3);
    pay('c', 'u-2', 2);
    const sut = new ListUserPaymentsUseCase(unitOfWork);
    const listed = await sut.execute({ userId: 'u-1' });
    expect(listed.map((payment) => payment.paymentId)).toEqual(['b', 'a']);
    await expect(sut.execute({ userId: 'u-1', limit: 1 })).resolves.toHaveLength(1);
  });
});
