import { DomainError, ErrorCode } from '@concert/contracts';
import { IdempotencyKeys } from '../../../idempotency/application/idempotency-keys';
import { InMemoryUnitOfWork, ManualClock, SequentialIds } from '../../../testing/in-memory-unit-of-work.fixture';
import { MAX_BALANCE } from '../../domain/wallet';
import { ChargeBalanceUseCase } from './charge-balance.use-case';

const USER = '11111111-1111-4111-8111-111111111111';

describe('ChargeBalanceUseCase', () => {
  let unitOfWork: InMemoryUnitOfWork;
  let clock: ManualClock;
  let sut: ChargeBalanceUseCase;

  beforeEach(() => {
    unitOfWork = new InMemoryUnitOfWork();
    clock = new ManualClock();
    const keys = new IdempotencyKeys(unitOfWork, clock, new SequentialIds(), { ttlMs: 86_400_000, staleAfterMs: 30_000 });
    sut = new ChargeBalanceUseCase(unitOfWork, keys, clock);
  });

  const codeOf = async (promise: Promise<unknown>) => promise.then(() => undefined, (error: unknown) => (error instanceof DomainError ? error.code : error));

  it('adds the amount and writes a CHARGE ledger entry with the balance after it', async () => {
    await expect(sut.execute({ userId: USER, amount: 30_000 })).resolves.toEqual({ view: { userId: USER, balance: 30_000 }, replayed: false });
    await expect(sut.execute({ userId: USER, amount: 20_000 })).resolves.toMatchObject({ view: { balance: 50_000 } });
    expect(unitOfWork.state.ledger).toEqual([
      { userId: USER, type: 'CHARGE', amount: 30_000, balanceAfter: 30_000, reference: null, at: expect.any(Date) },
      { userId: USER, type: 'CHARGE', amount: 20_000, balanceAfter: 50_000, reference: null, at: expect.any(Date) },
    ]);
  });

  it.each([0, -5, 10_000_001, 12.5, '1000', null])('refuses amount %p with INVALID_AMOUNT before touching anything', async (amount) => {
    await expect(codeOf(sut.execute({ userId: USER, amount, idempotencyKey: 'k' }))).resolves.toBe(ErrorCode.INVALID_AMOUNT);
    expect(unitOfWork.transactions).toBe(0);
    expect(unitOfWork.state.keys.size).toBe(0);
  });

  it('refuses a charge past the 1,000,000,000 cap with INVALID_AMOUNT, changing nothing', async () => {
    unitOfWork.state.wallets.set(USER, MAX_BALANCE - 500);
    await expect(codeOf(sut.execute({ userId: USER, amount: 501 }))).resolves.toBe(ErrorCode.INVALID_AMOUNT);
    expect(unitOfWork.balanceOf(USER)).toBe(MAX_BALANCE - 500);
    expect(unitOfWork.state.ledger).toHaveLength(0);
    await expect(sut.execute({ userId: USER, amount: 500 })).resolves.toMatchObject({ view: { balance: MAX_BALANCE } });
  });

  it('charges once for retries with one Idempotency-Key and replays the first result', async () => {
    const first = await sut.execute({ userId: USER, amount: 1_000, idempotencyKey: 'k-1' });
    await sut.execute({ userId: USER, amount: 500 });
    const retry = await sut.execute({ userId: USER, amount: 1_000, idempotencyKey: 'k-1' });
    expect(retry).toEqual({ view: first.view, replayed: true });
    expect(unitOfWork.balanceOf(USER)).toBe(1_500);
  });

  it('answers 422 for the same key with another amount, and charges nothing', async () => {
    await sut.execute({ userId: USER, amount: 1_000, idempotencyKey: 'k-1' });
    await expect(codeOf(sut.execute({ userId: USER, amount: 2_000, idempotencyKey: 'k-1' }))).resolves.toBe(ErrorCode.IDEMPOTENCY_KEY_REUSED);
    expect(unitOfWork.balanceOf(USER)).toBe(1_000);
  });

  it('scopes keys to the user: another user with the same key is charged', async () => {
    const OTHER = '22222222-2222-4222-8222-222222222222';
    await sut.execute({ userId: USER, amount: 1_000, idempotencyKey: 'k-1' });
    await expect(sut.execute({ userId: OTHER, amount: 1_000, idempotencyKey: 'k-1' })).resolves.toMatchObject({ replayed: false });
    expect(unitOfWork.balanceOf(OTHER)).toBe(1_000);
  });

  it('frees the key of a refused charge so the retry runs again', async () => {
    unitOfWork.state.wallets.set(USER, MAX_BALANCE);
    await expect(codeOf(sut.execute({ userId: USER, amount: 1, idempotencyKey: 'k-1' }))).resolves.toBe(ErrorCode.INVALID_AMOUNT);
    unitOfWork.state.wallets.set(USER, 0);
    await expect(sut.execute({ userId: USER, amount: 1, idempotencyKey: 'k-1' })).resolves.toEqual({ view: { userId: USER, balance: 1 }, replayed: false });
  });

  it('rolls the charge back when the key was taken over meanwhile (effect and record commit together)', async () => {
    unitOfWork.onTransaction = () => {
      const [id, record] = [...unitOfWork.state.keys][0] ?? [];
      if (id && record) unitOfWork.state.keys.set(id, { ...record, ownerId: 'someone-else' });
    };
    await expect(codeOf(sut.execute({ userId: USER, amount: 1_000, idempotencyKey: 'k-1' }))).resolves.toBe(ErrorCode.IDEMPOTENCY_KEY_IN_PROGRESS);
    expect(unitOfWork.balanceOf(USER)).toBe(0);
    expect(unitOfWork.state.ledger).toHaveLength(0);
  });
});
