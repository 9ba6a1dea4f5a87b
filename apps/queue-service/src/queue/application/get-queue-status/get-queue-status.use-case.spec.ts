import { DomainError, ErrorCode, QueueTokenStatus } from '@concert/contracts';
import { FakeClock, strictMock, testSettings } from '../../../../test/fakes';
import { AdmissionPolicy } from '../../domain/admission-policy';
import { RoomRateEstimators } from '../../domain/room-rate-estimators';
import type { QueuePlace } from '../../domain/queue-place';
import { HmacQueueTokenSigner } from '../../infrastructure/hmac-queue-token.signer';
import type { QueueStore } from '../ports/queue-store.port';
import { GetQueueStatusUseCase } from './get-queue-status.use-case';

describe('GetQueueStatusUseCase', () => {
  const userId = '5f0c9a36-2b1e-4a55-8f6e-1f1e9d2c3b4a';
  const otherUserId = '00000000-0000-4000-8000-000000000000';
  const concertId = '0192f1a4-7c3e-7b21-9d4f-2a6b8c0e1f35';
  const signer = new HmacQueueTokenSigner(['current', 'previous']);
  const clock = new FakeClock(Date.parse('2030-01-01T12:00:00.000Z'));
  const policy = new AdmissionPolicy(testSettings);
  const estimators = new RoomRateEstimators(clock, { windowSeconds: 60, defaultFloorPerSecond: 1, maxRooms: 10 });
  const token = signer.sign({ tokenId: 'tid-1', userId, issuedAtSeconds: 1_893_499_200, concertId });

  function place(overrides: Partial<QueuePlace>): QueuePlace {
    return { tokenId: 'tid-1', userId, concertId, issuedAtSeconds: 1_893_499_200, status: 'WAITING', position: 5, activeUntilMs: null, opensAtMs: null, preQueueSize: null, ...overrides };
  }

  function sutWith(places: Array<QueuePlace | null>) {
    const store = strictMock<QueueStore>({ placesOf: async () => places });
    return { sut: new GetQueueStatusUseCase(store, signer, clock, policy, estimators), store };
  }

  async function codeOf(promise: Promise<unknown>): Promise<ErrorCode | undefined> {
    const error: unknown = await promise.then(
      () => undefined,
      (rejection: unknown) => rejection,
    );
    return error instanceof DomainError ? error.code : undefined;
  }

  it('answers the waiting place with position and estimate, reading with the policy round', async () => {
    const { sut, store } = sutWith([place({})]);

    await expect(sut.execute(token, userId)).resolves.toEqual({
      token,
      userId,
      concertId,
      status: QueueTokenStatus.WAITING,
      position: 5,
      estimatedWaitSeconds: 5,
      expiresAt: null,
      opensAt: null,
    });
    expect(store.placesOf).toHaveBeenCalledWith([{ tokenId: 'tid-1', concertId }], policy.round(clock.ms));
  });

  it('answers EXPIRED (not an error) for an expired token', async () => {
    const { sut } = sutWith([place({ status: 'EXPIRED', position: null })]);
    await expect(sut.execute(token, userId)).resolves.toMatchObject({ status: QueueTokenStatus.EXPIRED, position: null, estimatedWaitSeconds: 0, expiresAt: null });
  });

  it('refuses a missing token with QUEUE_TOKEN_MISSING without touching the store', async () => {
    const { sut } = sutWith([]);
    await expect(codeOf(sut.execute(undefined, userId))).resolves.toBe(ErrorCode.QUEUE_TOKEN_MISSING);
    await expect(codeOf(sut.execute('  ', userId))).resolves.toBe(ErrorCode.QUEUE_TOKEN_MISSING);
  });

  it.each([
    ['one character changed', `${token.slice(0, 20)}${token[20] === 'A' ? 'B' : 'A'}${token.slice(21)}`],
    ['signed with another key', new HmacQueueTokenSigner(['other']).sign({ tokenId: 'tid-1', userId, issuedAtSeconds: 1, concertId })],
    ['garbage', 'not-a-token'],
  ])('refuses a token with %s as QUEUE_TOKEN_INVALID without touching the store', async (_case, forged) => {
    const { sut } = sutWith([]);
    await expect(codeOf(sut.execute(forged, userId))).resolves.toBe(ErrorCode.QUEUE_TOKEN_INVALID);
  });

  it('accepts a token signed with a previous secret (rotation)', async () => {
    const old = new HmacQueueTokenSigner(['previous']).sign({ tokenId: 'tid-1', userId, issuedAtSeconds: 1_893_499_200, concertId });
    const { sut } = sutWith([place({})]);
    await expect(sut.execute(old, userId)).resolves.toMatchObject({ status: QueueTokenStatus.WAITING });
  });

  it('refuses a genuine token the store does not know as QUEUE_TOKEN_INVALID', async () => {
    const { sut } = sutWith([null]);
    await expect(codeOf(sut.execute(token, userId))).resolves.toBe(ErrorCode.QUEUE_TOKEN_INVALID);
  });

  it('refuses a token whose place belongs to another user', async () => {
    const { sut } = sutWith([place({ userId: otherUserId })]);
    await expect(codeOf(sut.execute(token, userId))).resolves.toBe(ErrorCode.QUEUE_TOKEN_INVALID);
  });

  it("refuses another user's genuine token as QUEUE_TOKEN_NOT_OWNED, in authenticate and execute, without touching the store", async () => {
    const { sut, store } = sutWith([place({})]);

    expect(() => sut.authenticate(token, otherUserId)).toThrow(expect.objectContaining({ code: ErrorCode.QUEUE_TOKEN_NOT_OWNED }));
    await expect(codeOf(sut.execute(token, otherUserId))).resolves.toBe(ErrorCode.QUEUE_TOKEN_NOT_OWNED);
    expect(store.placesOf).not.toHaveBeenCalled();
  });

  it('checks the signature before the owner: a forged token of the caller is still QUEUE_TOKEN_INVALID', async () => {
    const forged = new HmacQueueTokenSigner(['other']).sign({ tokenId: 'tid-1', userId: otherUserId, issuedAtSeconds: 1, concertId });
    const { sut } = sutWith([]);
    expect(() => sut.authenticate(forged, userId)).toThrow(expect.objectContaining({ code: ErrorCode.QUEUE_TOKEN_INVALID }));
  });

  it('reads many streams in one store call and keeps each caller its own token string', async () => {
    const second = signer.sign({ tokenId: 'tid-2', userId, issuedAtSeconds: 1, concertId });
    const { sut, store } = sutWith([place({}), place({ tokenId: 'tid-2', status: 'ACTIVE', position: null, activeUntilMs: clock.ms + 1000 })]);

    const views = await sut.viewsOf([sut.authenticate(token, userId), sut.authenticate(second, userId)]);

    expect(store.placesOf).toHaveBeenCalledTimes(1);
    expect(views.map((view) => [view?.token, view?.status])).toEqual([
      [token, QueueTokenStatus.WAITING],
      [second, QueueTokenStatus.ACTIVE],
    ]);
  });
});
