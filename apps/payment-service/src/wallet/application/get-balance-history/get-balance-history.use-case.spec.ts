import { InMemoryUnitOfWork } from '../../../testing/in-memory-unit-of-work.fixture';
import { GetBalanceHistoryUseCase } from './get-balance-history.use-case';

describe('GetBalanceHistoryUseCase', () => {
  it('lists entries newest first as {type, amount, balanceAfter, at}', async () => {
    const unitOfWork = new InMemoryUnitOfWork();
    const at = new Date('2030-01-01T00:00:00.000Z');
    unitOfWork.state.ledger.push(
      { userId: 'u-1', type: 'CHARGE', amount: 100, balanceAfter: 100, reference: null, at },
      { userId: 'u-2', type: 'CHARGE', amount: 7, balanceAfter: 7, reference: null, at },
      { userId: 'u-1', type: 'PAYMENT', amount: 60, balanceAfter: 40, reference: 'p-1', at },
    );
    const sut = new GetBalanceHistoryUseCase(unitOfWork);
    await expect(sut.execute({ userId: 'u-1' })).resolves.toEqual([
      { type: 'PAYMENT', amount: 60, balanceAfter: 40, at: at.toISOString() },
      { type: 'CHARGE', amount: 100, balanceAfter: 100, at: at.toISOString() },
    ]);
    await expect(sut.execute({ userId: 'nobody' })).resolves.toEqual([]);
  });
});
