import { randomUUID } from 'node:crypto';
import { QUEUE_TOKEN_STATE_SCRIPT, QueueTokenKeys, roomSeed, seedCommitment, shuffleScore } from '@concert/platform';
import type Redis from 'ioredis';
import { testSettings } from '../../../../test/fakes';
import { dropRedisPrefix, prefixedRedis, uniqueRedisPrefix } from '../../../../test/redis-test-support';
import type { Admission, AdmissionOutcome, ExpireCommand, JoinCommand, QueueStore } from '../../application/ports/queue-store.port';
import type { AdmissionRound } from '../../domain/admission-policy';
import type { RoomSetup } from '../../domain/room';
import { AdmissionPolicy } from '../../domain/admission-policy';
import type { QueueSettings } from '../../domain/queue-settings';
import { QueueRedisKeys } from './queue-redis-keys';

const concertOfTheseTests = randomUUID();

/** The keys of one room, as the tests read them. */
const K = {
  waiting: QueueRedisKeys.waiting(concertOfTheseTests),
  active: QueueRedisKeys.active(concertOfTheseTests),
  lastSeen: QueueRedisKeys.lastSeen(concertOfTheseTests),
  admissions: QueueRedisKeys.admissions(concertOfTheseTests),
  admissionsAll: QueueRedisKeys.admissionsAll(concertOfTheseTests),
  admittedTotal: QueueRedisKeys.admittedTotal(concertOfTheseTests),
  sequence: QueueRedisKeys.sequence(concertOfTheseTests),
  preQueue: QueueRedisKeys.preQueue(concertOfTheseTests),
  settings: QueueRedisKeys.settings(concertOfTheseTests),
  admissionLimit: QueueRedisKeys.admissionLimit(concertOfTheseTests),
  token: (tokenId: string) => QueueRedisKeys.token(concertOfTheseTests, tokenId),
  user: (userId: string) => QueueRedisKeys.user(concertOfTheseTests, userId),
};

/** A room set up with the configuration's defaults (its seed from a test secret). */
function defaultSetup(room: string, overrides: Partial<RoomSetup> = {}): RoomSetup {
  const seed = roomSeed('store-test-secret', room);
  return { maxActiveUsers: null, activeSeconds: null, saleOpensAtMs: null, seed, seedCommitment: seedCommitment(seed), ...overrides };
}

/** The store's steps on one room: what each test of a single room calls. */
function roomOf(store: QueueStore, room: string = concertOfTheseTests, setup: RoomSetup = defaultSetup(room)) {
  return {
    store,
    join: (command: Omit<JoinCommand, 'concertId' | 'setup' | 'shuffleScore'> & Partial<Pick<JoinCommand, 'setup' | 'shuffleScore'>>) =>
      store.join({ concertId: room, setup, shuffleScore: shuffleScore(setup.seed, command.tokenId), ...command }),
    placeOf: (tokenId: string, round: AdmissionRound) => store.placeOf({ tokenId, concertId: room }, round),
    placesOf: (tokenIds: readonly string[], round: AdmissionRound) => store.placesOf(tokenIds.map((tokenId) => ({ tokenId, concertId: room })), round),
    admit: async (round: AdmissionRound): Promise<AdmissionOutcome> => {
      const [outcome] = await store.admit([room], round);
      if (!outcome) throw new Error('no admission outcome');
      return outcome;
    },
    expire: (command: Omit<ExpireCommand, 'concertId'>) => store.expire({ concertId: room, ...command }),
  };
}
import { RedisQueueStore } from './redis-queue.store';

/**
 * The Lua scripts against a real Redis. Time is passed to every script (the round's instant), so
 * these tests move it explicitly instead of sleeping.
 */
describe('RedisQueueStore (real Redis, real Lua)', () => {
  const t0 = Date.parse('2030-01-01T12:00:00.000Z');
  let prefix: string;
  let redis: Redis;
  const clients: Redis[] = [];

  function policy(overrides: Partial<QueueSettings> = {}): AdmissionPolicy {
    return new AdmissionPolicy({ ...testSettings, maxActiveUsers: 3, activeSeconds: 60, waitingIdleSeconds: 30, ...overrides });
  }

  const concertId = concertOfTheseTests;
  let sut: ReturnType<typeof roomOf>;

  async function join(userId: string, at: number, using = policy(), room = concertId) {
    return roomOf(sut.store, room).join({ tokenId: randomUUID(), userId, issuedAtSeconds: Math.floor(at / 1000), round: using.round(at) });
  }

  /** What the gateway reads for a token whose signed claims name `userId` (ARGV[3]: the token's uid). */
  async function gatewayState(token: { tokenId: string; userId: string }, at: number, room = concertId): Promise<string> {
    return (await redis.eval(
      QUEUE_TOKEN_STATE_SCRIPT,
      4,
      QueueTokenKeys.active(room),
      QueueTokenKeys.waiting(room),
      QueueTokenKeys.preQueue(room),
      QueueTokenKeys.token(room, token.tokenId),
      token.tokenId,
      at,
      token.userId,
    )) as string;
  }

  beforeEach(() => {
    prefix = uniqueRedisPrefix('store');
    redis = prefixedRedis(prefix);
    clients.push(redis);
    sut = roomOf(new RedisQueueStore(redis));
  });

  afterEach(async () => {
    await Promise.all(clients.splice(0).map((client) => client.quit()));
    await dropRedisPrefix(prefix);
  });

  it('orders joins by arrival and admits the first ones into free slots at once', async () => {
    const results = [];
    for (let index = 0; index < 6; index++) results.push(await join(randomUUID(), t0 + index));

    expect(results.map((result) => [result.created, result.place.status, result.place.position])).toEqual([
      [true, 'ACTIVE', null],
      [true, 'ACTIVE', null],
      [true, 'ACTIVE', null],
      [true, 'WAITING', 1],
      [true, 'WAITING', 2],
      [true, 'WAITING', 3],
    ]);
    expect(results[0].place.activeUntilMs).toBe(t0 + 60_000);
    expect(results.flatMap((result) => result.admitted.map((admission) => admission.admissionNo))).toEqual([1, 2, 3]);
  });

  it('gives a user who asks again the same token and place, and nobody moves', async () => {
    const closed = policy({ maxActiveUsers: 0 });
    const alice = randomUUID();
    await join(randomUUID(), t0, closed);
    const first = await join(alice, t0 + 1, closed);
    await join(randomUUID(), t0 + 2, closed);

    const again = await join(alice, t0 + 3, closed);

    expect(again.created).toBe(false);
    expect(again.place).toEqual(first.place);
    expect(await redis.zcard(K.waiting)).toBe(3);
  });

  it('stores the concert of a join and answers it with the place; joining another concert gives a place in that room too', async () => {
    const one = policy({ maxActiveUsers: 1 });
    const alice = randomUUID();
    const admittedAtOnce = await join(randomUUID(), t0, one);
    const waiting = await join(alice, t0 + 1, one);

    expect(admittedAtOnce.place).toMatchObject({ status: 'ACTIVE', concertId });
    expect(waiting.place).toMatchObject({ status: 'WAITING', concertId });
    expect(await redis.hget(K.token(waiting.place.tokenId), 'concertId')).toBe(concertId);
    await expect(sut.placeOf(waiting.place.tokenId, one.round(t0 + 2))).resolves.toMatchObject({ tokenId: waiting.place.tokenId, status: 'WAITING', concertId });

    const elsewhere = randomUUID();
    const there = await join(alice, t0 + 3, one, elsewhere);
    expect(there).toMatchObject({ created: true, place: { status: 'ACTIVE', concertId: elsewhere } });
    expect(there.place.tokenId).not.toBe(waiting.place.tokenId);
    // Both places stand: one in each room.
    await expect(sut.placeOf(waiting.place.tokenId, one.round(t0 + 4))).resolves.toMatchObject({ status: 'WAITING', position: 1 });
    expect(await join(alice, t0 + 5, one)).toMatchObject({ created: false, place: { tokenId: waiting.place.tokenId } });
  });

  it('answers the place of a token, marking a waiting one as seen, and null for an unknown one', async () => {
    const closed = policy({ maxActiveUsers: 0 });
    await join(randomUUID(), t0, closed);
    const { place } = await join(randomUUID(), t0, closed);

    await expect(sut.placeOf(place.tokenId, closed.round(t0 + 5_000))).resolves.toMatchObject({ status: 'WAITING', position: 2 });
    expect(Number(await redis.zscore(K.lastSeen, place.tokenId))).toBe(t0 + 5_000);
    await expect(sut.placeOf(randomUUID(), closed.round(t0))).resolves.toBeNull();
    const many = await sut.placesOf([place.tokenId, randomUUID(), place.tokenId], closed.round(t0 + 6_000));
    expect(many.map((entry) => entry?.position ?? null)).toEqual([2, null, 2]);
  });

  it('expires active tokens at the end of their window and refills the slots in queue order', async () => {
    const first = await join(randomUUID(), t0);
    await join(randomUUID(), t0 + 10_000);
    await join(randomUUID(), t0 + 20_000);
    const waiting = await join(randomUUID(), t0 + 30_000);
    expect(waiting.place.position).toBe(1);

    // The first window ends at t0 + 60 s: the state reads EXPIRED at once, the slot is refilled by the next round.
    expect(await gatewayState(first.place, t0 + 60_000)).toBe('EXPIRED');
    const outcome = await sut.admit(policy().round(t0 + 60_000));

    expect(outcome).toMatchObject({ expiredActive: 1, evictedIdle: 0, waitingCount: 0, activeCount: 3 });
    expect(outcome.admitted.map((admission) => [admission.tokenId, admission.waitedMs])).toEqual([[waiting.place.tokenId, 30_000]]);
    await expect(sut.placeOf(first.place.tokenId, policy().round(t0 + 60_000))).resolves.toMatchObject({ status: 'EXPIRED' });
    await expect(sut.placeOf(waiting.place.tokenId, policy().round(t0 + 60_000))).resolves.toMatchObject({ status: 'ACTIVE', activeUntilMs: t0 + 120_000 });
    // An expired token is kept (with a TTL) so that it stays EXPIRED rather than unknown.
    const ttl = await redis.ttl(K.token(first.place.tokenId));
    expect(ttl).toBeGreaterThan(testSettings.tokenRetentionSeconds - 10);
    expect(ttl).toBeLessThanOrEqual(testSettings.tokenRetentionSeconds);
  });

  it('lets a user whose token expired join again, at the back', async () => {
    const alice = randomUUID();
    const first = await join(alice, t0);
    await sut.admit(policy().round(t0 + 60_000));

    const again = await join(alice, t0 + 61_000);

    expect(again.created).toBe(true);
    expect(again.place.tokenId).not.toBe(first.place.tokenId);
  });

  it('removes waiting users not seen for the idle time, and the ones behind move up', async () => {
    const closed = policy({ maxActiveUsers: 0, waitingIdleSeconds: 30 });
    const idle = await join(randomUUID(), t0, closed);
    const polling = await join(randomUUID(), t0, closed);
    await sut.placeOf(polling.place.tokenId, closed.round(t0 + 20_000));

    const outcome = await sut.admit(closed.round(t0 + 30_001));

    expect(outcome.evictedIdle).toBe(1);
    await expect(sut.placeOf(idle.place.tokenId, closed.round(t0 + 30_001))).resolves.toMatchObject({ status: 'EXPIRED' });
    await expect(sut.placeOf(polling.place.tokenId, closed.round(t0 + 30_001))).resolves.toMatchObject({ status: 'WAITING', position: 1 });
    expect(await gatewayState(idle.place, t0 + 30_001)).toBe('EXPIRED');
    expect(await redis.zcard(K.lastSeen)).toBe(1);
  });

  it('treats a poll that comes after the idle time as too late, and never admits an idle head', async () => {
    const closed = policy({ maxActiveUsers: 0, waitingIdleSeconds: 30 });
    const late = await join(randomUUID(), t0, closed);
    await expect(sut.placeOf(late.place.tokenId, closed.round(t0 + 30_001))).resolves.toMatchObject({ status: 'EXPIRED' });

    const idleHead = await join(randomUUID(), t0 + 40_000, closed);
    const next = await join(randomUUID(), t0 + 60_000, closed);
    // A round with a batch too small to evict everyone idle: the idle head still never gets a slot.
    const open = policy({ maxActiveUsers: 1, waitingIdleSeconds: 30, cleanupBatchSize: 1 });
    await redis.zadd(K.lastSeen, t0 + 1, randomUUID());
    const outcome = await sut.admit(open.round(t0 + 75_000));

    expect(outcome.admitted.map((admission) => admission.tokenId)).toEqual([next.place.tokenId]);
    await expect(sut.placeOf(idleHead.place.tokenId, open.round(t0 + 75_000))).resolves.toMatchObject({ status: 'EXPIRED' });
  });

  it('expires a token on payment and gives its slot to the next waiting user in the same step, idempotently', async () => {
    const one = policy({ maxActiveUsers: 1 });
    const alice = randomUUID();
    const paid = await join(alice, t0, one);
    const next = await join(randomUUID(), t0 + 1, one);
    const after = await join(randomUUID(), t0 + 2, one);
    const command = { tokenId: paid.place.tokenId, userId: alice, notJoinedAfterMs: t0 + 5_000, reason: 'PAID' as const, limitAdjustment: null, round: one.round(t0 + 5_000) };

    await expect(sut.expire(command)).resolves.toEqual({
      result: 'EXPIRED',
      tokenId: paid.place.tokenId,
      admitted: [{ tokenId: next.place.tokenId, waitedMs: 4_999, admissionNo: 2 }],
      capacity: 1,
    });
    await expect(sut.expire(command)).resolves.toEqual({ result: 'ALREADY_EXPIRED', tokenId: paid.place.tokenId });
    expect(await gatewayState(paid.place, t0 + 5_000)).toBe('EXPIRED');
    expect(await gatewayState(next.place, t0 + 5_000)).toBe('ACTIVE');
    expect(await redis.zrange(K.active, 0, -1)).toEqual([next.place.tokenId]);
    // The redelivered expiry freed nothing, so it admitted nobody: the one behind still waits, now first.
    await expect(sut.placeOf(after.place.tokenId, one.round(t0 + 5_000))).resolves.toMatchObject({ status: 'WAITING', position: 1 });
  });

  it('counts only admissions from the queue in the rate history behind the wait estimate', async () => {
    const two = policy({ maxActiveUsers: 2 });
    const alice = randomUUID();
    const first = await join(alice, t0, two);
    await join(randomUUID(), t0 + 1, two);
    const third = await join(randomUUID(), t0 + 2, two);
    expect(third.place.status).toBe('WAITING');
    // Two joins into free slots: admitted (and numbered), but the queue has not moved.
    expect((await sut.admit(two.round(t0 + 3))).admissionHistory).toEqual([]);

    const expired = await sut.expire({ tokenId: first.place.tokenId, userId: alice, notJoinedAfterMs: t0 + 4, reason: 'PAID', limitAdjustment: null, round: two.round(t0 + 4) });
    expect(expired).toMatchObject({ admitted: [{ tokenId: third.place.tokenId, admissionNo: 3 }] });
    expect((await sut.admit(two.round(t0 + 5))).admissionHistory).toEqual([{ second: Math.floor((t0 + 4) / 1000), count: 1 }]);
  });

  it('leaves a freed slot empty when nobody waits', async () => {
    const one = policy({ maxActiveUsers: 1 });
    const alice = randomUUID();
    const paid = await join(alice, t0, one);

    await expect(sut.expire({ tokenId: paid.place.tokenId, userId: alice, notJoinedAfterMs: t0 + 1, reason: 'PAID', limitAdjustment: null, round: one.round(t0 + 1) })).resolves.toEqual({
      result: 'EXPIRED',
      tokenId: paid.place.tokenId,
      admitted: [],
      capacity: 1,
    });
    expect(await redis.zcard(K.active)).toBe(0);
  });

  describe('adaptive admission limit', () => {
    const adaptive = policy({ maxActiveUsers: 10, admissionLatencyTargetMs: 200, adaptiveMinActiveUsers: 4 });
    /** Over the 200 ms target by little: the cut's factor is its largest, 0.9. */
    const SLOW = 210;
    const ON_TIME = 120;

    /** `active` buyers admitted at once, then `waiting` behind them; returns the buyers' tokens and users. */
    async function crowd(active: number, waiting: number) {
      const buyers: Array<{ userId: string; tokenId: string }> = [];
      for (let index = 0; index < active + waiting; index++) {
        const userId = randomUUID();
        buyers.push({ userId, tokenId: (await join(userId, t0 + index, adaptive)).place.tokenId });
      }
      return { active: buyers.slice(0, active), waiting: buyers.slice(active) };
    }

    /** A room that has left slow start with `limit` slots (its last cut long ago). */
    async function settledAt(limit: number) {
      await redis.hset(K.admissionLimit, 'limit', limit, 'cutAt', 0);
    }

    async function purchase(buyer: { userId: string; tokenId: string }, at: number, latencyMs: number, using = adaptive) {
      const outcome = await sut.expire({ tokenId: buyer.tokenId, userId: buyer.userId, notJoinedAfterMs: at, reason: 'PAID', round: using.round(at), limitAdjustment: using.limitAdjustment(latencyMs) });
      if (outcome.result !== 'EXPIRED') throw new Error(`expected EXPIRED, got ${outcome.result}`);
      return outcome;
    }

    const storedLimit = async () => Number(await redis.hget(K.admissionLimit, 'limit'));

    it('opens at the minimum and grows by one slot per on-time purchase while full, until the first cut (slow start)', async () => {
      const { active, waiting } = await crowd(4, 4);
      expect(await redis.zcard(K.active)).toBe(4);

      const first = await purchase(active[0], t0 + 1_000, ON_TIME);
      const second = await purchase(active[1], t0 + 1_001, ON_TIME);

      // 4 → 5 → 6: each purchase hands on its own slot and the new one.
      expect([first.capacity, second.capacity]).toEqual([5, 6]);
      expect([...first.admitted, ...second.admitted].map((admission) => admission.tokenId)).toEqual(waiting.map((buyer) => buyer.tokenId));
      expect(await redis.zcard(K.active)).toBe(6);
    });

    it('cuts the capacity to 0.9 × the slots in use on a purchase a little slow, and the freed slot stays empty', async () => {
      await settledAt(10);
      const { active, waiting } = await crowd(10, 3);

      const outcome = await purchase(active[0], t0 + 1_000, SLOW);

      expect(outcome).toMatchObject({ capacity: 9, admitted: [] });
      expect(await storedLimit()).toBeCloseTo(9, 9);
      expect(await redis.zcard(K.active)).toBe(9);
      // Neither an admission round nor a join gets past the cut, though QUEUE_MAX_ACTIVE_USERS (10) would.
      const round = await sut.admit(adaptive.round(t0 + 1_001));
      expect(round).toMatchObject({ capacity: 9, activeCount: 9, admitted: [] });
      expect(await gatewayState(waiting[0], t0 + 1_001)).toBe('WAITING');
    });

    it('cuts deeper the slower the purchase: by target / latency, never below half', async () => {
      await settledAt(10);
      const { active } = await crowd(10, 0);

      const capacities = [
        (await purchase(active[0], t0 + 1_000, 250)).capacity, // 10 × 0.8
        (await purchase(active[1], t0 + 2_000, 400)).capacity, // 8 × 0.5
        (await purchase(active[2], t0 + 3_000, 4_000)).capacity, // 4 × 0.5, held at the minimum
      ];

      expect(capacities).toEqual([8, 4, 4]);
    });

    it('cuts at most once per second: the purchases right after a cut still carry the congestion from before it', async () => {
      await settledAt(10);
      const { active } = await crowd(10, 5);
      await purchase(active[0], t0 + 1_000, SLOW);

      const within = await purchase(active[1], t0 + 1_999, 5_000);
      expect(within).toMatchObject({ capacity: 9 });
      expect(within.admitted).toHaveLength(1);

      const after = await purchase(active[2], t0 + 2_000, SLOW);
      expect(after).toMatchObject({ capacity: 8, admitted: [] });
      expect(await storedLimit()).toBeCloseTo(8.1, 9);
    });

    it('after a cut, grows by one slot per `limit` on-time purchases while full, never above QUEUE_MAX_ACTIVE_USERS', async () => {
      await settledAt(10);
      const { active, waiting } = await crowd(10, 20);
      await purchase(active[0], t0 + 1_000, SLOW);
      const inLine = [...active.slice(1), ...waiting];

      const capacities: number[] = [];
      for (let index = 0; index < 12; index++) capacities.push((await purchase(inLine[index], t0 + 2_000 + index, ON_TIME)).capacity);

      // 9 → 9 + 1/9 → … : the tenth slot comes back with the tenth on-time purchase.
      expect(capacities).toEqual([9, 9, 9, 9, 9, 9, 9, 9, 9, 10, 10, 10]);
      expect(await storedLimit()).toBe(10);
      expect(await redis.zcard(K.active)).toBe(10);
    });

    it('does not grow while slots are free: the limit is not what holds anyone back', async () => {
      await settledAt(10);
      const { active } = await crowd(10, 0);
      await purchase(active[0], t0 + 1_000, SLOW);
      // 9 of 9 in use: full, so this on-time purchase grows the limit; nobody waits for the slot it frees.
      await purchase(active[1], t0 + 2_000, ON_TIME);
      const limit = await storedLimit();
      expect(limit).toBeCloseTo(9 + 1 / 9, 9);

      for (let index = 2; index < 6; index++) await purchase(active[index], t0 + 2_000 + index, ON_TIME);

      expect(await storedLimit()).toBe(limit);
    });

    it('never cuts below the minimum, and cuts from the slots in use when fewer are taken than the limit allows', async () => {
      await settledAt(10);
      const { active } = await crowd(10, 0);
      // 10 in use → 9; then 9 → 8.1; the third cut starts from the 8 slots in use: 7.2.
      const capacities: number[] = [];
      for (let index = 0; index < 8; index++) capacities.push((await purchase(active[index], t0 + 1_000 * (index + 1), SLOW)).capacity);

      expect(capacities).toEqual([9, 8, 7, 6, 5, 4, 4, 4]);
      expect(await storedLimit()).toBe(4);
    });

    it('is forgotten after a quiet spell without purchases, and never written while adaptation is off', async () => {
      await settledAt(10);
      const { active } = await crowd(10, 0);
      const fixed = policy({ maxActiveUsers: 10 });
      await redis.del(K.admissionLimit);
      await purchase(active[0], t0 + 1_000, SLOW, fixed);
      expect(await redis.exists(K.admissionLimit)).toBe(0);

      await settledAt(9);
      await purchase(active[1], t0 + 2_000, SLOW);
      expect(await redis.ttl(K.admissionLimit)).toBeGreaterThan(55);
      expect(await redis.ttl(K.admissionLimit)).toBeLessThanOrEqual(60);
      expect((await sut.admit(adaptive.round(t0 + 2_001))).capacity).toBe(8);
      // A join meets the same capacity: 8 in use, so it waits although nobody is ahead.
      const late = await join(randomUUID(), t0 + 2_002, adaptive);
      expect(late.place).toMatchObject({ status: 'WAITING', position: 1 });

      // Once the hash has expired, an adaptive room opens at its minimum again (8 in use: no one gets in)…
      await redis.del(K.admissionLimit);
      expect(await sut.admit(adaptive.round(t0 + 2_003))).toMatchObject({ capacity: 4, admitted: [] });
      // …and a room whose adaptation was turned off is back at the maximum.
      await redis.del(K.admissionLimit);
      const round = await sut.admit(fixed.round(t0 + 2_004));
      expect(round).toMatchObject({ capacity: 10, activeCount: 9 });
      expect(round.admitted.map((admission) => admission.tokenId)).toEqual([late.place.tokenId]);
      expect(await redis.exists(K.admissionLimit)).toBe(0);
    });

    it('grows one slot past the slots in use when full, with people waiting, after 2 s without a purchase: buyers who never buy cannot freeze it', async () => {
      // Four buyers who never buy take the opening four slots; three wait.
      const { waiting } = await crowd(4, 3);
      const admittedAt = async (at: number) => (await sut.admit(adaptive.round(at))).admitted.map((admission) => admission.tokenId);

      // The first full round starts the quiet interval; growth comes 2 s later, one slot at a time.
      expect(await admittedAt(t0 + 1_000)).toEqual([]);
      expect(await admittedAt(t0 + 2_999)).toEqual([]);
      expect(await admittedAt(t0 + 3_000)).toEqual([waiting[0].tokenId]);
      expect(await admittedAt(t0 + 4_000)).toEqual([]);
      expect(await admittedAt(t0 + 5_000)).toEqual([waiting[1].tokenId]);
      expect(await storedLimit()).toBe(6);

      // A purchase is news from the saga: the quiet interval starts again from it.
      const next = await sut.placeOf(waiting[0].tokenId, adaptive.round(t0 + 5_500));
      expect(next?.status).toBe('ACTIVE');
      await purchase(waiting[0], t0 + 6_000, SLOW);
      expect(await admittedAt(t0 + 7_999)).toEqual([]);
      expect(await admittedAt(t0 + 8_000)).toEqual([waiting[2].tokenId]);
    });

    it('does not grow when quiet while nobody waits, nor past QUEUE_MAX_ACTIVE_USERS', async () => {
      const narrow = policy({ maxActiveUsers: 5, admissionLatencyTargetMs: 200, adaptiveMinActiveUsers: 4 });
      for (let index = 0; index < 4; index++) await join(randomUUID(), t0 + index, narrow);
      await sut.admit(narrow.round(t0 + 1_000));
      expect((await sut.admit(narrow.round(t0 + 10_000))).capacity).toBe(4);

      for (let index = 0; index < 3; index++) await join(randomUUID(), t0 + 10_001 + index, narrow);
      await sut.admit(narrow.round(t0 + 10_100));
      expect((await sut.admit(narrow.round(t0 + 12_100))).capacity).toBe(5);
      expect((await sut.admit(narrow.round(t0 + 14_100))).capacity).toBe(5);
      expect((await sut.admit(narrow.round(t0 + 16_100))).activeCount).toBe(5);
    });
  });

  it('admits a joiner in the join itself only when nobody waits, leaving the state an admission round leaves', async () => {
    const one = policy({ maxActiveUsers: 1 });
    const alice = randomUUID();
    const first = await join(alice, t0, one);
    const second = await join(randomUUID(), t0 + 1, one);
    expect([first.place.status, second.place.status]).toEqual(['ACTIVE', 'WAITING']);
    expect(first.admitted).toEqual([{ tokenId: first.place.tokenId, admissionNo: 1, waitedMs: 0 }]);

    // A slot is free again but someone waits: the next joiner goes behind them, never ahead.
    // (Here the capacity was raised; an expiry gives its slot away in the same step.)
    const third = await join(randomUUID(), t0 + 3, policy({ maxActiveUsers: 2 }));
    expect(third.admitted.map((admission) => admission.tokenId)).toEqual([second.place.tokenId]);
    expect(third.place).toMatchObject({ status: 'WAITING', position: 1 });

    // The token admitted by the join and the one admitted from the queue are stored alike.
    const stored = async (tokenId: string) => ({
      fields: Object.keys(await redis.hgetall(K.token(tokenId))).sort(),
      waiting: await redis.zscore(K.waiting, tokenId),
      lastSeen: await redis.zscore(K.lastSeen, tokenId),
    });
    await sut.admit(policy({ maxActiveUsers: 5 }).round(t0 + 4));
    expect(await redis.zcard(K.waiting)).toBe(0);
    const fresh = await join(randomUUID(), t0 + 5, policy({ maxActiveUsers: 5 }));
    expect(fresh.place.status).toBe('ACTIVE');
    expect(fresh.admitted).toEqual([{ tokenId: fresh.place.tokenId, admissionNo: 4, waitedMs: 0 }]);
    expect(await stored(fresh.place.tokenId)).toEqual(await stored(second.place.tokenId));
    expect(await stored(fresh.place.tokenId)).toEqual({
      fields: ['activeUntil', 'admittedAt', 'concertId', 'iat', 'joinedAt', 'seq', 'status', 'userId'],
      waiting: null,
      lastSeen: null,
    });
    expect(await gatewayState(fresh.place, t0 + 5)).toBe('ACTIVE');
  });

  it('refuses to expire another user\u2019s token, and finds the live token when the payment names none', async () => {
    const alice = randomUUID();
    const token = await join(alice, t0);
    const round = policy().round(t0 + 1_000);

    await expect(sut.expire({ tokenId: token.place.tokenId, userId: randomUUID(), notJoinedAfterMs: t0, reason: 'PAID', limitAdjustment: null, round })).resolves.toMatchObject({ result: 'OTHER_USER' });
    await expect(sut.expire({ tokenId: randomUUID(), userId: alice, notJoinedAfterMs: t0, reason: 'PAID', limitAdjustment: null, round })).resolves.toMatchObject({ result: 'UNKNOWN_TOKEN' });
    await expect(sut.expire({ tokenId: null, userId: randomUUID(), notJoinedAfterMs: t0, reason: 'PAID', limitAdjustment: null, round })).resolves.toEqual({ result: 'NO_LIVE_TOKEN', tokenId: null });
    // Paid before this token was taken: it belongs to a later visit and stays live.
    await expect(sut.expire({ tokenId: null, userId: alice, notJoinedAfterMs: t0 - 1, reason: 'PAID', limitAdjustment: null, round })).resolves.toMatchObject({ result: 'ISSUED_AFTER' });
    await expect(sut.expire({ tokenId: null, userId: alice, notJoinedAfterMs: t0, reason: 'PAID', limitAdjustment: null, round })).resolves.toEqual({ result: 'EXPIRED', tokenId: token.place.tokenId, admitted: [], capacity: 3 });
  });

  it('agrees with the gateway state script on every state', async () => {
    const active = await join(randomUUID(), t0, policy({ maxActiveUsers: 1 }));
    const waiting = await join(randomUUID(), t0, policy({ maxActiveUsers: 1 }));

    expect(await gatewayState(active.place, t0 + 1)).toBe('ACTIVE');
    expect(await gatewayState(waiting.place, t0 + 1)).toBe('WAITING');
    expect(await gatewayState({ tokenId: randomUUID(), userId: active.place.userId }, t0 + 1)).toBe('UNKNOWN');
    // A genuine token id under another user's claims (a token minted with a leaked secret) reads as unknown.
    expect(await gatewayState({ tokenId: active.place.tokenId, userId: randomUUID() }, t0 + 1)).toBe('UNKNOWN');
    expect(await gatewayState({ tokenId: waiting.place.tokenId, userId: active.place.userId }, t0 + 1)).toBe('UNKNOWN');
    expect(await gatewayState(active.place, t0 + 60_000)).toBe('EXPIRED');
  });

  it('with 500 concurrent joins gives positions exactly 1..500, and the same user 20 times one place', async () => {
    const closed = policy({ maxActiveUsers: 0 });
    const many = await Promise.all(Array.from({ length: 500 }, () => join(randomUUID(), t0, closed)));
    const alice = randomUUID();
    const same = await Promise.all(Array.from({ length: 20 }, () => join(alice, t0, closed)));

    expect(many.map((result) => result.place.position).sort((a, b) => (a ?? 0) - (b ?? 0))).toEqual(Array.from({ length: 500 }, (_, index) => index + 1));
    expect(same.filter((result) => result.created)).toHaveLength(1);
    expect(new Set(same.map((result) => result.place.tokenId)).size).toBe(1);
    expect(new Set(same.map((result) => result.place.position))).toEqual(new Set([501]));
    expect(await redis.zcard(K.waiting)).toBe(501);
  });

  it('two admitters and adaptive purchases running concurrently (separate connections) never exceed capacity and admit strictly in queue order', async () => {
    const capacity = 25;
    const total = 400;
    const closed = policy({ maxActiveUsers: 0, activeSeconds: 600, waitingIdleSeconds: 600 });
    // Adaptive admission on: the payers' purchases, alternately slow and on time, move the limit below the maximum and back.
    const open = policy({ maxActiveUsers: capacity, activeSeconds: 600, waitingIdleSeconds: 600, admissionLatencyTargetMs: 200, adaptiveMinActiveUsers: 5 });
    const joined = await Promise.all(Array.from({ length: total }, () => join(randomUUID(), Date.now(), closed)));
    const arrival = new Map(joined.map((result) => [result.place.tokenId, result.place.position as number]));

    const admitters = [0, 1].map((index) => {
      const client = prefixedRedis(prefix, `admitter-${index}`);
      clients.push(client);
      return roomOf(new RedisQueueStore(client));
    });
    const observer = prefixedRedis(prefix, 'observer');
    clients.push(observer);
    const admissions: Admission[] = [];
    let maxActiveSeen = 0;
    let rounds = 0;
    let purchases = 0;
    const capacities = new Set<number>();
    const done = () => admissions.length >= total;

    const admitter = async (store: ReturnType<typeof roomOf>) => {
      while (!done()) {
        const outcome = await store.admit(open.round(Date.now()));
        rounds++;
        expect(outcome.activeCount).toBeLessThanOrEqual(capacity);
        admissions.push(...outcome.admitted);
        await new Promise((resolve) => setImmediate(resolve));
      }
    };
    // Frees (and refills) slots the way payments do, concurrently with both admitters.
    const payer = async () => {
      while (!done()) {
        const active = await observer.zrange(K.active, 0, -1);
        maxActiveSeen = Math.max(maxActiveSeen, active.length);
        await Promise.all(
          active.slice(0, Math.ceil(active.length / 2)).map(async (tokenId) => {
            const userId = await observer.hget(K.token(tokenId), 'userId');
            const latencyMs = purchases++ % 2 === 0 ? 450 : 50;
            const outcome = await admitters[0].expire({ tokenId, userId: userId as string, notJoinedAfterMs: Date.now(), reason: 'PAID', limitAdjustment: open.limitAdjustment(latencyMs), round: open.round(Date.now()) });
            // An expiry gives its slot away at once: it is a third admitter.
            if (outcome.result === 'EXPIRED') {
              admissions.push(...outcome.admitted);
              capacities.add(outcome.capacity);
            }
          }),
        );
        await new Promise((resolve) => setTimeout(resolve, 2));
      }
    };

    await Promise.all([admitter(admitters[0]), admitter(admitters[1]), payer()]);

    expect(maxActiveSeen).toBeLessThanOrEqual(capacity);
    expect(await observer.zcard(K.active)).toBeLessThanOrEqual(capacity);
    // Everyone admitted exactly once, and in the order Redis ran the admissions, arrival order is strictly increasing.
    expect(new Set(admissions.map((admission) => admission.tokenId)).size).toBe(total);
    const inRedisOrder = [...admissions].sort((a, b) => a.admissionNo - b.admissionNo);
    expect(inRedisOrder.map((admission) => admission.admissionNo)).toEqual(Array.from({ length: total }, (_, index) => index + 1));
    expect(inRedisOrder.map((admission) => arrival.get(admission.tokenId))).toEqual(Array.from({ length: total }, (_, index) => index + 1));
    expect(rounds).toBeGreaterThan(total / capacity);
    expect(Math.min(...capacities)).toBeLessThan(capacity);
    expect(Math.max(...capacities)).toBeLessThanOrEqual(capacity);
  });

  describe('bounded steps (batch: the most entries one loop of a step handles)', () => {
    /** `count` waiters who join with the gate closed at `at` and are never seen again. */
    async function idleCrowd(count: number, at: number) {
      const closed = policy({ maxActiveUsers: 0 });
      const tokens: string[] = [];
      for (let index = 0; index < count; index++) tokens.push((await join(randomUUID(), at, closed)).place.tokenId);
      return tokens;
    }

    const idleAt = t0 + 30_001;

    it('with 50× the batch of idle waiters ahead, each round removes exactly a batch by sweep and a batch of heads, and repeated rounds drain them all, then admit in queue order', async () => {
      const batch = 10;
      const idle = 500;
      await idleCrowd(idle, t0);
      const live = [];
      for (let index = 0; index < 5; index++) live.push((await join(randomUUID(), t0 + 20_000, policy({ maxActiveUsers: 0 }))).place.tokenId);
      const bounded = policy({ maxActiveUsers: 3, cleanupBatchSize: batch });

      const removedPerRound: number[] = [];
      const admittedPerRound: string[][] = [];
      for (let round = 0; round < 30; round++) {
        const before = await redis.zcard(K.waiting);
        const outcome = await sut.admit(bounded.round(idleAt + round));
        removedPerRound.push(before - (await redis.zcard(K.waiting)) - outcome.admitted.length);
        expect(outcome.evictedIdle).toBe(removedPerRound[round]);
        admittedPerRound.push(outcome.admitted.map((admission) => admission.tokenId));
        expect(bounded.mayHaveLeftWork(outcome)).toBe(round < 25);
      }

      // 20 a round (a batch swept, a batch of heads), 25 rounds; nobody behind them got in before
      // the last idle head left: the 25th round's fill passes its last ten heads, then admits.
      expect(removedPerRound).toEqual([...Array.from({ length: 25 }, () => 2 * batch), ...Array.from({ length: 5 }, () => 0)]);
      expect(removedPerRound.reduce((sum, removed) => sum + removed, 0)).toBe(idle);
      expect(admittedPerRound.slice(0, 24).flat()).toEqual([]);
      expect(admittedPerRound[24]).toEqual(live.slice(0, 3));
      expect(admittedPerRound.slice(25).flat()).toEqual([]);
      expect(await redis.zcard(K.lastSeen)).toBe(2);
      expect(await redis.zrange(K.waiting, 0, -1)).toEqual(live.slice(3));
    });

    it('never lets anyone behind an idle head that is still there in first, and the head is gone a round later', async () => {
      const heads = await idleCrowd(5, t0);
      const alice = await join(randomUUID(), t0 + 20_000, policy({ maxActiveUsers: 0 }));
      const bounded = policy({ maxActiveUsers: 1, cleanupBatchSize: 2 });

      // Two swept, two heads leave; the fifth head is past the bound and stays first, a slot free.
      const first = await sut.admit(bounded.round(idleAt));
      expect(first).toMatchObject({ evictedIdle: 4, admitted: [], activeCount: 0, waitingCount: 2 });
      expect(await redis.zrange(K.waiting, 0, -1)).toHaveLength(2);
      expect(heads).toContain((await redis.zrange(K.waiting, 0, 0))[0]);
      expect(await redis.zrank(K.waiting, alice.place.tokenId)).toBe(1);

      const second = await sut.admit(bounded.round(idleAt + 1));
      expect(second.admitted.map((admission) => admission.tokenId)).toEqual([alice.place.tokenId]);
      expect(second.evictedIdle).toBe(1);
    });

    it('bounds the fill of a join and of an expiry as well: at most a batch of idle heads leave, and the step admits nobody behind the rest', async () => {
      await idleCrowd(50, t0);
      const bounded = policy({ maxActiveUsers: 1, cleanupBatchSize: 10 });

      const joined = await join(randomUUID(), idleAt, bounded);
      expect(joined).toMatchObject({ created: true, admitted: [], place: { status: 'WAITING', position: 41 } });
      expect(await redis.zcard(K.waiting)).toBe(41);

      // A buyer's slot freed by payment: the expiry's fill meets the idle heads the same way.
      const buyer = randomUUID();
      await redis.zadd(K.active, idleAt + 60_000, 'held');
      await redis.hset(K.token('held'), 'userId', buyer, 'status', 'ACTIVE', 'joinedAt', t0);
      const expired = await sut.expire({ tokenId: 'held', userId: buyer, notJoinedAfterMs: idleAt, reason: 'PAID', limitAdjustment: null, round: bounded.round(idleAt) });
      expect(expired).toMatchObject({ result: 'EXPIRED', admitted: [] });
      expect(await redis.zcard(K.waiting)).toBe(31);
    });

    it('admits at most a batch per step and ends at most a batch of windows per round, in order, until everything is done', async () => {
      const bounded = policy({ maxActiveUsers: 25, cleanupBatchSize: 10, activeSeconds: 60, waitingIdleSeconds: 600 });
      const buyers = [];
      for (let index = 0; index < 25; index++) buyers.push((await join(randomUUID(), t0, bounded)).place.tokenId);
      expect(await redis.zcard(K.active)).toBe(25);
      const waiting = [];
      for (let index = 0; index < 25; index++) waiting.push((await join(randomUUID(), t0 + 1_000 + index, bounded)).place.tokenId);

      const rounds = [];
      for (let round = 0; round < 4; round++) rounds.push(await sut.admit(bounded.round(t0 + 60_000 + round)));

      expect(rounds.map((outcome) => outcome.expiredActive)).toEqual([10, 10, 5, 0]);
      expect(rounds.map((outcome) => outcome.admitted.length)).toEqual([10, 10, 5, 0]);
      const admissions = rounds.flatMap((outcome) => outcome.admitted);
      expect(admissions.map((admission) => admission.tokenId)).toEqual(waiting);
      expect(admissions.map((admission) => admission.admissionNo)).toEqual(Array.from({ length: 25 }, (_, index) => 26 + index));
      expect(rounds.map((outcome) => bounded.mayHaveLeftWork(outcome))).toEqual([true, true, false, false]);
    });

    it('drops an admission history that outgrew the window by more than a batch instead of walking it, and prunes a normal one', async () => {
      const bounded = policy({ cleanupBatchSize: 10 });
      const second = Math.floor(t0 / 1000);
      for (let index = 1; index <= 50; index++) await redis.hset(K.admissions, second - 60 - index, 1);
      await redis.hset(K.admissions, second, 7);
      await expect(sut.admit(bounded.round(t0))).resolves.toMatchObject({ admissionHistory: [{ second, count: 7 }] });
      expect(await redis.hlen(K.admissions)).toBe(1);

      for (let index = 1; index <= 71; index++) await redis.hset(K.admissions, second - 60 - index, 1);
      await expect(sut.admit(bounded.round(t0))).resolves.toMatchObject({ admissionHistory: [] });
      expect(await redis.exists(K.admissions)).toBe(0);
    });
  });

  describe('retention of expired tokens', () => {
    const retaining = policy({ maxActiveUsers: 1, tokenRetentionSeconds: 86_400, idleTokenRetentionSeconds: 300 });
    const ttlOf = (tokenId: string) => redis.ttl(K.token(tokenId));

    it('keeps the hash of a waiter who went idle for minutes (swept, passed over at the head, or polling too late), still EXPIRED meanwhile', async () => {
      const closed = policy({ maxActiveUsers: 0, idleTokenRetentionSeconds: 300 });
      const swept = await join(randomUUID(), t0, closed);
      const head = await join(randomUUID(), t0 + 1, closed);
      const late = await join(randomUUID(), t0 + 2, closed);
      await join(randomUUID(), t0 + 20_000, closed);
      // The sweep (batch 1) takes the one seen longest ago…
      await expect(sut.admit(policy({ maxActiveUsers: 0, cleanupBatchSize: 1, idleTokenRetentionSeconds: 300 }).round(t0 + 30_003))).resolves.toMatchObject({ evictedIdle: 1 });
      expect(await redis.zscore(K.waiting, swept.place.tokenId)).toBeNull();
      // …the next round's sweep a stray entry, its fill the idle head (and it stops at the next idle one)…
      await redis.zadd(K.lastSeen, t0 - 1, randomUUID());
      await expect(sut.admit(policy({ maxActiveUsers: 1, cleanupBatchSize: 1, idleTokenRetentionSeconds: 300 }).round(t0 + 30_003))).resolves.toMatchObject({ evictedIdle: 2, admitted: [] });
      expect(await redis.zrange(K.waiting, 0, 0)).toEqual([late.place.tokenId]);
      // …and the last one polls too late.
      await expect(sut.placeOf(late.place.tokenId, retaining.round(t0 + 30_003))).resolves.toMatchObject({ status: 'EXPIRED' });

      for (const token of [swept, head, late]) {
        expect(await redis.hget(K.token(token.place.tokenId), 'expiredReason')).toBe('IDLE');
        expect(await ttlOf(token.place.tokenId)).toBeGreaterThan(290);
        expect(await ttlOf(token.place.tokenId)).toBeLessThanOrEqual(300);
        expect(await gatewayState(token.place, t0 + 30_003)).toBe('EXPIRED');
      }
    });

    it('keeps the hash of a token that was admitted for the long retention, whether its window ended or it paid', async () => {
      const alice = randomUUID();
      const paid = await join(alice, t0, retaining);
      await sut.expire({ tokenId: paid.place.tokenId, userId: alice, notJoinedAfterMs: t0, reason: 'PAID', limitAdjustment: null, round: retaining.round(t0 + 1) });
      const timedOut = await join(randomUUID(), t0 + 2, retaining);
      await sut.admit(retaining.round(t0 + 2 + 60_000));

      expect(await redis.hget(K.token(timedOut.place.tokenId), 'expiredReason')).toBe('ACTIVE_TIMEOUT');
      for (const tokenId of [paid.place.tokenId, timedOut.place.tokenId]) {
        expect(await ttlOf(tokenId)).toBeGreaterThan(86_390);
        expect(await ttlOf(tokenId)).toBeLessThanOrEqual(86_400);
      }
    });
  });

  it('negative control: admission as separate read and write commands (no script) does exceed capacity', async () => {
    const capacity = 5;
    const closed = policy({ maxActiveUsers: 0 });
    await Promise.all(Array.from({ length: 20 }, () => join(randomUUID(), t0, closed)));
    const naiveAdmitters = [0, 1].map((index) => {
      const client = prefixedRedis(prefix, `naive-${index}`);
      clients.push(client);
      return client;
    });

    // Both read the free slots before either writes: exactly what the atomic round rules out.
    const free = await Promise.all(naiveAdmitters.map(async (client) => capacity - (await client.zcard(K.active))));
    await Promise.all(
      naiveAdmitters.map(async (client, index) => {
        const heads = await client.zpopmin(K.waiting, free[index]);
        for (let at = 0; at < heads.length; at += 2) await client.zadd(K.active, t0 + 60_000, heads[at]);
      }),
    );

    expect(await redis.zcard(K.active)).toBe(2 * capacity);
  });
});
