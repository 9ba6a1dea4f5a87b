import { DomainError, ErrorCode, QueueTokenStatus } from '@concert/contracts';
import { FakeClock, FakeConcertDirectory, RecordingQueueMetrics, strictMock, testSettings } from '../../../../test/fakes';
import { AdmissionPolicy } from '../../domain/admission-policy';
import { roomSeed, shuffleScore } from '@concert/platform';
import { RoomRateEstimators } from '../../domain/room-rate-estimators';
import { RoomSetups } from '../room-setups';
import { HmacQueueTokenSigner } from '../../infrastructure/hmac-queue-token.signer';
import type { ConcertDirectory } from '../ports/concert-directory.port';
import type { JoinCommand, JoinResult, QueueStore } from '../ports/queue-store.port';
import type { TokenIdGenerator } from '../ports/token-id-generator.port';
import { JoinQueueUseCase } from './join-queue.use-case';

describe('JoinQueueUseCase', () => {
  const userId = '5f0c9a36-2b1e-4a55-8f6e-1f1e9d2c3b4a';
  const concertId = '0192f1a4-7c3e-7b21-9d4f-2a6b8c0e1f35';
  const signer = new HmacQueueTokenSigner(['secret-1']);
  let clock: FakeClock;
  let metrics: RecordingQueueMetrics;
  let policy: AdmissionPolicy;
  let estimators: RoomRateEstimators;

  beforeEach(() => {
    clock = new FakeClock(Date.parse('2030-01-01T12:00:00.250Z'));
    metrics = new RecordingQueueMetrics();
    policy = new AdmissionPolicy({ ...testSettings, maxActiveUsers: 10, activeSeconds: 600 });
    estimators = new RoomRateEstimators(clock, { windowSeconds: 60, defaultFloorPerSecond: 2, maxRooms: 10 });
  });

  function sutWith(join: (command: JoinCommand) => Promise<JoinResult>, concerts: ConcertDirectory = new FakeConcertDirectory([concertId])) {
    const store = strictMock<QueueStore>({ join });
    const ids = strictMock<TokenIdGenerator>({ next: () => 'token-new' });
    return { sut: new JoinQueueUseCase(store, signer, ids, clock, metrics, new RoomSetups(concerts, 'seed-secret'), policy, estimators), store };
  }

  async function codeOf(promise: Promise<unknown>): Promise<ErrorCode | undefined> {
    const error: unknown = await promise.then(
      () => undefined,
      (rejection: unknown) => rejection,
    );
    return error instanceof DomainError ? error.code : undefined;
  }

  it('enqueues with a fresh token id, the concert, the current instant and the policy round', async () => {
    const { sut, store } = sutWith(async (command) => ({
      created: true,
      place: { tokenId: command.tokenId, userId, concertId: command.concertId, issuedAtSeconds: command.issuedAtSeconds, status: 'WAITING', position: 17, activeUntilMs: null, opensAtMs: null, preQueueSize: null },
      admitted: [],
    }));

    const result = await sut.execute({ userId, concertId });

    const seed = roomSeed('seed-secret', concertId);
    expect(store.join).toHaveBeenCalledWith({
      tokenId: 'token-new',
      userId,
      concertId,
      issuedAtSeconds: Math.floor(clock.ms / 1000),
      shuffleScore: shuffleScore(seed, 'token-new'),
      setup: { maxActiveUsers: null, activeSeconds: null, saleOpensAtMs: null, seed, seedCommitment: expect.stringMatching(/^[0-9a-f]{64}$/) },
      round: policy.round(clock.ms),
    });
    expect(result.created).toBe(true);
    expect(result.view).toEqual({
      token: expect.any(String),
      userId,
      concertId,
      status: QueueTokenStatus.WAITING,
      position: 17,
      estimatedWaitSeconds: 9,
      expiresAt: null,
      opensAt: null,
    });
    expect(signer.verify(result.view.token)).toEqual({ tokenId: 'token-new', userId, issuedAtSeconds: Math.floor(clock.ms / 1000), concertId });
  });

  it('joins under the lower-case form of the user id and of the concert id, so one user has one place whatever the case', async () => {
    const concerts = new FakeConcertDirectory([concertId]);
    const { sut, store } = sutWith(
      async (command) => ({
        created: true,
        place: { tokenId: command.tokenId, userId: command.userId, concertId: command.concertId, issuedAtSeconds: command.issuedAtSeconds, status: 'WAITING', position: 1, activeUntilMs: null, opensAtMs: null, preQueueSize: null },
        admitted: [],
      }),
      concerts,
    );

    const result = await sut.execute({ userId: userId.toUpperCase(), concertId: concertId.toUpperCase(), requestId: 'req-1' });

    expect(concerts.asked).toEqual([{ concertId, requestId: 'req-1' }]);
    expect(store.join).toHaveBeenCalledWith(expect.objectContaining({ userId, concertId }));
    expect(result.view.userId).toBe(userId);
    expect(result.view.concertId).toBe(concertId);
  });

  it('refuses a concert that does not exist with CONCERT_NOT_FOUND, without touching the queue', async () => {
    const unknown = '00000000-0000-4000-8000-000000000000';
    const concerts = new FakeConcertDirectory([concertId]);
    const { sut, store } = sutWith(async () => {
      throw new Error('the queue must not be touched');
    }, concerts);

    await expect(codeOf(sut.execute({ userId, concertId: unknown }))).resolves.toBe(ErrorCode.CONCERT_NOT_FOUND);
    expect(concerts.asked).toEqual([{ concertId: unknown, requestId: undefined }]);
    expect(store.join).not.toHaveBeenCalled();
  });

  it('propagates a failure of the concert check (SERVICE_UNAVAILABLE) without touching the queue', async () => {
    const concerts = strictMock<ConcertDirectory>({
      find: async () => {
        throw new DomainError(ErrorCode.SERVICE_UNAVAILABLE, 'concert-service is down');
      },
    });
    const { sut, store } = sutWith(async () => {
      throw new Error('the queue must not be touched');
    }, concerts);

    await expect(codeOf(sut.execute({ userId, concertId }))).resolves.toBe(ErrorCode.SERVICE_UNAVAILABLE);
    expect(store.join).not.toHaveBeenCalled();
  });

  it('returns the live token unchanged (same string) when the user asks again, naming the concert it was issued for', async () => {
    const issuedAtSeconds = Math.floor(clock.ms / 1000) - 30;
    const original = signer.sign({ tokenId: 'token-old', userId, issuedAtSeconds, concertId });
    const { sut } = sutWith(async () => ({
      created: false,
      place: { tokenId: 'token-old', userId, concertId, issuedAtSeconds, status: 'WAITING', position: 3, activeUntilMs: null, opensAtMs: null, preQueueSize: null },
      admitted: [],
    }));

    const result = await sut.execute({ userId, concertId });

    expect(result.created).toBe(false);
    expect(result.view.token).toBe(original);
    expect(result.view.position).toBe(3);
    expect(result.view.concertId).toBe(concertId);
  });

  it('answers ACTIVE with the end of the window when the join was admitted at once, and records the admission', async () => {
    const activeUntilMs = clock.ms + 600_000;
    const { sut } = sutWith(async (command) => ({
      created: true,
      place: { tokenId: command.tokenId, userId, concertId, issuedAtSeconds: command.issuedAtSeconds, status: 'ACTIVE', position: null, activeUntilMs, opensAtMs: null, preQueueSize: null },
      admitted: [{ tokenId: command.tokenId, waitedMs: 0, admissionNo: 1 }],
    }));

    const result = await sut.execute({ userId, concertId });

    expect(result.view).toMatchObject({ status: QueueTokenStatus.ACTIVE, position: null, estimatedWaitSeconds: 0, expiresAt: new Date(activeUntilMs).toISOString(), opensAt: null });
    expect(metrics.admissions).toEqual([0]);
  });

  it('propagates a store failure', async () => {
    const { sut } = sutWith(async () => {
      throw new Error('redis down');
    });
    await expect(sut.execute({ userId, concertId })).rejects.toThrow('redis down');
  });

  it("sets the room up with the concert's own settings, and answers PRE_QUEUE with the opening and a wait that counts the time to it", async () => {
    const opensAtMs = clock.ms + 90_000;
    const concerts = new FakeConcertDirectory([concertId], new Map([[concertId, { maxActiveUsers: 50, saleOpensAtMs: opensAtMs }]]));
    const { sut, store } = sutWith(
      async (command) => ({
        created: true,
        place: { tokenId: command.tokenId, userId, concertId, issuedAtSeconds: command.issuedAtSeconds, status: 'PRE_QUEUE', position: null, activeUntilMs: null, opensAtMs, preQueueSize: 41 },
        admitted: [],
      }),
      concerts,
    );

    const result = await sut.execute({ userId, concertId });

    expect(store.join).toHaveBeenCalledWith(expect.objectContaining({ setup: expect.objectContaining({ maxActiveUsers: 50, activeSeconds: null, saleOpensAtMs: opensAtMs }) }));
    // 90 s to the opening, then an average place of a pre-queue of 41 (21st) at the floor of 2 per second: 11 s.
    expect(result.view).toMatchObject({ status: QueueTokenStatus.PRE_QUEUE, position: null, opensAt: new Date(opensAtMs).toISOString(), estimatedWaitSeconds: 90 + 11, expiresAt: null });
  });
});
