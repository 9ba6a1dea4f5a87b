import { InMemoryUnitOfWork } from '../../../testing/in-memory-unit-of-work.fixture';
import { GetBalanceUseCase } from './get-balance.use-case';

describe('GetBalanceUseCase', () => {
  it('answers the balance, and 0 for a user never charged', async () => {
    const unitOfWork = new InMemoryUnitOfWork();
    unitOfWork.state.wallets.set('u-1', 42);
    const sut = new GetBalanceUseCase(unitOfWork);
    await expect(sut.execute({ userId: 'u-1' })).resolves.toEqual({ userId: 'u-1', balance: 42 });
    await expect(sut.execute({ userId: 'u-2' })).resolves.toEqual({ userId: 'u-2', balance: 0 });
  });
});
