import { DomainError, ErrorCode, Topics } from '@concert/contracts';
import { IdempotencyKeys } from '../../../idempotency/application/idempotency-keys';
import { EnsureReservationReplicaUseCase } from '../../../reservation-replica/application/ensure-reservation-replica/ensure-reservation-replica.use-case';
import { RecordReservationChangeUseCase } from '../../../reservation-replica/application/record-reservation-change/record-reservation-change.use-case';
import type { ReservationDirectory } from '../../../reservation-replica/application/reservation-directory';
import { InMemoryUnitOfWork, ManualClock, SequentialIds } from '../../../testing/in-memory-unit-of-work.fixture';
import { strictFn } from '../../../testing/strict-mock.fixture';
import { PayReservationUseCase } from './pay-reservation.use-case';

const USER = '11111111-1111-4111-8111-111111111111';
const OTHER = '22222222-2222-4222-8222-222222222222';
const RESERVATION = '33333333-3333-4333-8333-333333333333';
const CONCERT = '44444444-4444-4444-8444-444444444444';
const OTHER_CONCERT = '55555555-5555-4555-8555-555555555555';
const PRICE = 80_000;

describe('PayReservationUseCase', () => {
  let unitOfWork: InMemoryUnitOfWork;
  let clock: ManualClock;
  let directory: { fetch: jest.MockedFunction<ReservationDirectory['fetch']> };
  let sut: PayReservationUseCase;

  beforeEach(() => {
    unitOfWork = new InMemoryUnitOfWork();
    clock = new ManualClock(new Date('2030-01-01T00:00:00.000Z'));
    const ids = new SequentialIds();
    directory = { fetch: strictFn<ReservationDirectory['fetch']>('ReservationDirectory.fetch') };
    const keys = new IdempotencyKeys(unitOfWork, clock, ids, { ttlMs: 86_400_000, staleAfterMs: 30_000 });
    const ensure = new EnsureReservationReplicaUseCase(unitOfWork, directory, new RecordReservationChangeUseCase());
    sut = new PayReservationUseCase(unitOfWork, keys, ensure, clock, ids);
  });

  const hold = (overrides: { userId?: string; concertId?: string | null; amount?: number; expiresInMs?: number; status?: 'HELD' | 'EXPIRED' } = {}) =>
    unitOfWork.seedReplica({
      id: RESERVATION,
      userId: overrides.userId ?? USER,
      concertId: overrides.concertId === undefined ? CONCERT : overrides.concertId,
      amount: overrides.amount ?? PRICE,
      expiresAt: new Date(clock.now().getTime() + (overrides.expiresInMs ?? 300_000)),
      status: overrides.status ?? 'HELD',
      version: 1,
    });
  const command = (overrides: Partial<Parameters<PayReservationUseCase['execute']>[0]> = {}) => ({
    userId: USER,
    reservationId: RESERVATION,
    queueTokenId: 'token-1',
    queueConcertId: CONCERT,
    requestId: 'req-1',
    ...overrides,
  });
  const codeOf = async (promise: Promise<unknown>) => promise.then(() => undefined, (error: unknown) => (error instanceof DomainError ? error.code : error));
  const expectNothingChanged = (balance: number) => {
    expect(unitOfWork.balanceOf(USER)).toBe(balance);
    expect(unitOfWork.state.payments.size).toBe(0);
    expect(unitOfWork.state.ledger).toHaveLength(0);
    expect(unitOfWork.state.events).toHaveLength(0);
  };

  it('debits the price, records the payment, marks the reservation PAID and writes PaymentCompleted — together', async () => {
    unitOfWork.state.wallets.set(USER, 100_000);
    hold();
    const { view, replayed } = await sut.execute(command());
    expect(replayed).toBe(false);
    expect(view).toEqual({
      paymentId: expect.any(String),
      reservationId: RESERVATION,
      userId: USER,
      amount: PRICE,
      status: 'COMPLETED',
      paidAt: clock.now().toISOString(),
    });
    expect(unitOfWork.balanceOf(USER)).toBe(20_000);
    expect(unitOfWork.state.ledger).toEqual([
      { userId: USER, type: 'PAYMENT', amount: PRICE, balanceAfter: 20_000, reference: view.paymentId, at: expect.any(Date) },
    ]);
    expect(unitOfWork.state.replicas.get(RESERVATION)?.status).toBe('PAID');
    expect(unitOfWork.state.events).toEqual([
      {
        topic: Topics.PaymentCompleted,
        key: RESERVATION,
        payload: { paymentId: view.paymentId, reservationId: RESERVATION, userId: USER, amount: PRICE, paidAt: view.paidAt, queueTokenId: 'token-1' },
        occurredAt: clock.now(),
        requestId: 'req-1',
      },
    ]);
  });

  it('refuses INSUFFICIENT_BALANCE with nothing debited and the hold untouched', async () => {
    unitOfWork.state.wallets.set(USER, PRICE - 1);
    hold();
    await expect(codeOf(sut.execute(command({ idempotencyKey: 'k-1' })))).resolves.toBe(ErrorCode.INSUFFICIENT_BALANCE);
    expectNothingChanged(PRICE - 1);
    expect(unitOfWork.state.replicas.get(RESERVATION)?.status).toBe('HELD');
    expect(unitOfWork.state.keys.size).toBe(0);
  });

  it('refuses a user who never charged with INSUFFICIENT_BALANCE', async () => {
    hold();
    await expect(codeOf(sut.execute(command()))).resolves.toBe(ErrorCode.INSUFFICIENT_BALANCE);
  });

  it('refuses another user\'s reservation with RESERVATION_NOT_OWNED', async () => {
    unitOfWork.state.wallets.set(USER, 100_000);
    hold({ userId: OTHER });
    await expect(codeOf(sut.execute(command()))).resolves.toBe(ErrorCode.RESERVATION_NOT_OWNED);
    expectNothingChanged(100_000);
  });

  it("refuses a caller whose queue token is for another concert's room with QUEUE_TOKEN_WRONG_ROOM: nothing debited, no payment", async () => {
    unitOfWork.state.wallets.set(USER, 100_000);
    hold();
    await expect(codeOf(sut.execute(command({ queueConcertId: OTHER_CONCERT, idempotencyKey: 'k-1' })))).resolves.toBe(ErrorCode.QUEUE_TOKEN_WRONG_ROOM);
    expectNothingChanged(100_000);
    expect(unitOfWork.state.replicas.get(RESERVATION)?.status).toBe('HELD');
    expect(unitOfWork.state.keys.size).toBe(0);
  });

  it('checks the room after existence and before ownership', async () => {
    directory.fetch.mockResolvedValue(null);
    await expect(codeOf(sut.execute(command({ queueConcertId: OTHER_CONCERT })))).resolves.toBe(ErrorCode.RESERVATION_NOT_FOUND);
    hold({ userId: OTHER });
    await expect(codeOf(sut.execute(command({ queueConcertId: OTHER_CONCERT })))).resolves.toBe(ErrorCode.QUEUE_TOKEN_WRONG_ROOM);
    await expect(codeOf(sut.execute(command()))).resolves.toBe(ErrorCode.RESERVATION_NOT_OWNED);
  });

  it('checks no room without a queue token, nor for a replica stored before its concert was kept', async () => {
    unitOfWork.state.wallets.set(USER, 200_000);
    hold({ concertId: null });
    await expect(sut.execute(command({ queueConcertId: OTHER_CONCERT }))).resolves.toMatchObject({ view: { status: 'COMPLETED' } });
    expect(unitOfWork.balanceOf(USER)).toBe(120_000);
  });

  it('pays with a token of the reservation’s room, or with none', async () => {
    unitOfWork.state.wallets.set(USER, 200_000);
    hold();
    await expect(sut.execute(command({ queueConcertId: null, queueTokenId: null }))).resolves.toMatchObject({ view: { status: 'COMPLETED' } });
  });

  it('refuses a hold whose expiry has passed on the clock with RESERVATION_EXPIRED', async () => {
    unitOfWork.state.wallets.set(USER, 100_000);
    hold({ expiresInMs: 1_000 });
    clock.advance(1_000);
    await expect(codeOf(sut.execute(command()))).resolves.toBe(ErrorCode.RESERVATION_EXPIRED);
    expectNothingChanged(100_000);
  });

  it('pays a reservation once: the second attempt gets RESERVATION_ALREADY_PAID', async () => {
    unitOfWork.state.wallets.set(USER, 200_000);
    hold();
    await sut.execute(command());
    await expect(codeOf(sut.execute(command()))).resolves.toBe(ErrorCode.RESERVATION_ALREADY_PAID);
    expect(unitOfWork.balanceOf(USER)).toBe(120_000);
    expect(unitOfWork.state.payments.size).toBe(1);
  });

  it('replays a retry with the same Idempotency-Key instead of answering ALREADY_PAID, debiting once', async () => {
    unitOfWork.state.wallets.set(USER, 200_000);
    hold();
    const first = await sut.execute(command({ idempotencyKey: 'k-1' }));
    await expect(sut.execute(command({ idempotencyKey: 'k-1' }))).resolves.toEqual({ view: first.view, replayed: true });
    expect(unitOfWork.balanceOf(USER)).toBe(120_000);
  });

  it('answers 422 for the same key with another reservation', async () => {
    unitOfWork.state.wallets.set(USER, 200_000);
    hold();
    await sut.execute(command({ idempotencyKey: 'k-1' }));
    await expect(codeOf(sut.execute(command({ idempotencyKey: 'k-1', reservationId: '44444444-4444-4444-8444-444444444444' })))).resolves.toBe(
      ErrorCode.IDEMPOTENCY_KEY_REUSED,
    );
  });

  it('verifies a reservation the replica lacks with reservation-service, stores it, then pays', async () => {
    unitOfWork.state.wallets.set(USER, 100_000);
    directory.fetch.mockResolvedValue({
      reservationId: RESERVATION,
      userId: USER,
      concertId: CONCERT,
      amount: PRICE,
      expiresAt: new Date(clock.now().getTime() + 300_000),
      status: 'HELD',
      version: 1,
    });
    await expect(sut.execute(command())).resolves.toMatchObject({ view: { amount: PRICE, status: 'COMPLETED' } });
    expect(directory.fetch).toHaveBeenCalledWith(RESERVATION, 'req-1');
    expect(unitOfWork.state.replicas.get(RESERVATION)).toMatchObject({ status: 'PAID', version: 1, amount: PRICE, concertId: CONCERT });
  });

  it('does not ask reservation-service about a reservation the replica knows', async () => {
    unitOfWork.state.wallets.set(USER, 100_000);
    hold();
    await sut.execute(command());
    expect(directory.fetch).not.toHaveBeenCalled();
  });

  it('answers RESERVATION_NOT_FOUND when reservation-service does not know it either', async () => {
    directory.fetch.mockResolvedValue(null);
    await expect(codeOf(sut.execute(command({ idempotencyKey: 'k-1' })))).resolves.toBe(ErrorCode.RESERVATION_NOT_FOUND);
    expect(unitOfWork.state.keys.size).toBe(0);
  });

  it('never pays blind: reservation-service unreachable → SERVICE_UNAVAILABLE, nothing debited, key freed', async () => {
    unitOfWork.state.wallets.set(USER, 100_000);
    directory.fetch.mockRejectedValue(new DomainError(ErrorCode.SERVICE_UNAVAILABLE, 'down'));
    await expect(codeOf(sut.execute(command({ idempotencyKey: 'k-1' })))).resolves.toBe(ErrorCode.SERVICE_UNAVAILABLE);
    expectNothingChanged(100_000);
    expect(unitOfWork.state.keys.size).toBe(0);
  });

  it('records a free reservation without touching the wallet', async () => {
    hold({ amount: 0 });
    await expect(sut.execute(command())).resolves.toMatchObject({ view: { amount: 0, status: 'COMPLETED' } });
    expect(unitOfWork.state.ledger).toHaveLength(0);
    expect(unitOfWork.state.events).toHaveLength(1);
  });
});
