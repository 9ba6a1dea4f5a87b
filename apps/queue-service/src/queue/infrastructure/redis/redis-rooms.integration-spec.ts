import { randomUUID } from 'node:crypto';
import { memberOf, openingOrder, QUEUE_TOKEN_STATE_SCRIPT, QueueTokenKeys, roomSeed, seedCommitment, shuffleScore } from '@concert/platform';
import { createThrowawayRedis, type ThrowawayRedis } from '@concert/testing';
import Redis from 'ioredis';
import { testSettings } from '../../../../test/fakes';
import { dropRedisPrefix, prefixedRedis, uniqueRedisPrefix } from '../../../../test/redis-test-support';
import { AdmissionPolicy } from '../../domain/admission-policy';
import type { QueueSettings } from '../../domain/queue-settings';
import type { RoomSetup } from '../../domain/room';
import { QueueRedisKeys } from './queue-redis-keys';
import { RedisQueueStore } from './redis-queue.store';

const SECRET = 'rooms-test-secret';

function setupOf(concertId: string, overrides: Partial<RoomSetup> = {}): RoomSetup {
  const seed = roomSeed(SECRET, concertId);
  return { maxActiveUsers: null, activeSeconds: null, saleOpensAtMs: null, seed, seedCommitment: seedCommitment(seed), ...overrides };
}

/**
 * One waiting room per concert, against a real Redis: rooms apart from each other, each with its
 * own settings; the pre-queue and the sale's opening; the organizer's live changes. Time is the
 * round's instant, moved explicitly.
 */
describe('RedisQueueStore rooms (real Redis, real Lua)', () => {
  const t0 = Date.parse('2030-01-01T12:00:00.000Z');
  let prefix: string;
  let redis: Redis;
  let store: RedisQueueStore;

  function policy(overrides: Partial<QueueSettings> = {}): AdmissionPolicy {
    return new AdmissionPolicy({ ...testSettings, maxActiveUsers: 3, activeSeconds: 60, waitingIdleSeconds: 600, ...overrides });
  }

  async function join(concertId: string, at: number, options: { userId?: string; setup?: RoomSetup; using?: AdmissionPolicy } = {}) {
    const tokenId = randomUUID();
    const setup = options.setup ?? setupOf(concertId);
    return store.join({
      tokenId,
      userId: options.userId ?? randomUUID(),
      concertId,
      issuedAtSeconds: Math.floor(at / 1000),
      shuffleScore: shuffleScore(setup.seed, tokenId),
      setup,
      round: (options.using ?? policy()).round(at),
    });
  }

  beforeEach(() => {
    prefix = uniqueRedisPrefix('rooms');
    redis = prefixedRedis(prefix);
    store = new RedisQueueStore(redis);
  });

  afterEach(async () => {
    await redis.quit();
    await dropRedisPrefix(prefix);
  });

  it('keeps each room apart: its own order, active set and capacity; filling one never delays another', async () => {
    const [busy, quiet] = [randomUUID(), randomUUID()];
    const crowd = [];
    for (let index = 0; index < 10; index++) crowd.push(await join(busy, t0 + index));
    expect(crowd.map((result) => result.place.status)).toEqual(['ACTIVE', 'ACTIVE', 'ACTIVE', ...Array(7).fill('WAITING')]);

    const other = await join(quiet, t0 + 20);
    expect(other.place).toMatchObject({ status: 'ACTIVE', concertId: quiet });
    expect(other.admitted.map((admission) => admission.admissionNo)).toEqual([1]);

    const outcomes = await store.admit([busy, quiet], policy().round(t0 + 30));
    expect(outcomes.map(({ concertId, waitingCount, activeCount }) => ({ concertId, waitingCount, activeCount }))).toEqual([
      { concertId: busy, waitingCount: 7, activeCount: 3 },
      { concertId: quiet, waitingCount: 0, activeCount: 1 },
    ]);
    expect(new Set(await store.rooms())).toEqual(new Set([busy, quiet]));
  });

  it("takes a room's own capacity and window from its setup, the configuration's default otherwise", async () => {
    const [wide, plain] = [randomUUID(), randomUUID()];
    const wideSetup = setupOf(wide, { maxActiveUsers: 5, activeSeconds: 120 });
    const joined = [];
    for (let index = 0; index < 7; index++) joined.push(await join(wide, t0 + index, { setup: wideSetup }));
    expect(joined.filter((result) => result.place.status === 'ACTIVE')).toHaveLength(5);
    expect(joined[0].place.activeUntilMs).toBe(t0 + 120_000);
    const other = await join(plain, t0);
    expect(other.place.activeUntilMs).toBe(t0 + 60_000);

    const view = await store.room(wide, wideSetup, policy().round(t0 + 10));
    expect(view).toMatchObject({ maxActiveUsers: 5, activeSeconds: 120, saleOpensAtMs: null, preQueue: 0, waiting: 2, active: 5, admittedLastMinute: 5, capacity: 5 });
    expect(view.seedCommitment).toBe(wideSetup.seedCommitment);
    expect(view.seed).toBeNull();
  });

  it('raises and lowers capacity live: raised, the next waiting users get in at the next step; lowered, nobody active is evicted', async () => {
    const concertId = randomUUID();
    const setup = setupOf(concertId);
    const joined = [];
    for (let index = 0; index < 8; index++) joined.push(await join(concertId, t0 + index));

    expect(await store.configure(concertId, setup, { maxActiveUsers: 6 }, policy().round(t0 + 100))).toBe('OK');
    const [raised] = await store.admit([concertId], policy().round(t0 + 200));
    expect(raised.admitted.map((admission) => admission.tokenId)).toEqual(joined.slice(3, 6).map((result) => result.place.tokenId));
    expect(raised).toMatchObject({ activeCount: 6, waitingCount: 2, capacity: 6, maxActiveUsers: 6 });

    expect(await store.configure(concertId, setup, { maxActiveUsers: 2 }, policy().round(t0 + 300))).toBe('OK');
    const [lowered] = await store.admit([concertId], policy().round(t0 + 400));
    expect(lowered).toMatchObject({ activeCount: 6, waitingCount: 2, capacity: 2, admitted: [] });
    // A freed slot is not refilled while the room is over its new capacity.
    const paid = await store.expire({ concertId, tokenId: joined[0].place.tokenId, userId: joined[0].place.userId, notJoinedAfterMs: t0 + 500, reason: 'PAID', round: policy().round(t0 + 500), limitAdjustment: null });
    expect(paid).toMatchObject({ result: 'EXPIRED', admitted: [] });

    expect(await store.configure(concertId, setup, { activeSeconds: 30 }, policy().round(t0 + 600))).toBe('OK');
    expect((await store.room(concertId, setup, policy().round(t0 + 700))).activeSeconds).toBe(30);
  });

  describe('a scheduled sale', () => {
    const opensAt = t0 + 60_000;

    it('puts joins before the opening in the pre-queue, gives everyone there a place in the shuffled order at the opening, and later arrivals after them', async () => {
      const concertId = randomUUID();
      const setup = setupOf(concertId, { saleOpensAtMs: opensAt });
      const early = [];
      for (let index = 0; index < 30; index++) early.push(await join(concertId, t0 + index * 100, { setup }));
      expect(early.every((result) => result.place.status === 'PRE_QUEUE' && result.place.position === null && result.place.opensAtMs === opensAt)).toBe(true);
      expect(early.map((result) => result.place.preQueueSize)).toEqual(Array.from({ length: 30 }, (_, index) => index + 1));
      expect(early.flatMap((result) => result.admitted)).toEqual([]);
      // Asking again in the pre-queue keeps the place; the gateway reads it as not admitted yet.
      const again = await join(concertId, t0 + 5_000, { setup, userId: early[4].place.userId });
      expect(again).toMatchObject({ created: false, place: { tokenId: early[4].place.tokenId, status: 'PRE_QUEUE' } });
      const state = await redis.eval(QUEUE_TOKEN_STATE_SCRIPT, 4, QueueTokenKeys.active(concertId), QueueTokenKeys.waiting(concertId), QueueTokenKeys.preQueue(concertId), QueueTokenKeys.token(concertId, early[0].place.tokenId), early[0].place.tokenId, t0 + 5_000, early[0].place.userId);
      expect(state).toBe('WAITING');
      // Before the opening, an admission round admits nobody.
      const [before] = await store.admit([concertId], policy().round(opensAt - 1));
      expect(before).toMatchObject({ preQueueCount: 30, waitingCount: 0, activeCount: 0, admitted: [] });

      // The opening: the first step at or after saleOpensAt, here a round.
      const [opening] = await store.admit([concertId], policy().round(opensAt));
      expect(opening.preQueueCount).toBe(0);
      const expected = openingOrder(setup.seed, early.map((result) => memberOf(result.place.tokenId)));
      const admittedFirst = opening.admitted.map((admission) => memberOf(admission.tokenId));
      expect(admittedFirst).toEqual(expected.slice(0, 3));
      const places = await store.placesOf(early.map((result) => ({ tokenId: result.place.tokenId, concertId })), policy().round(opensAt + 1));
      const byMember = new Map(places.map((place) => [memberOf(place?.tokenId ?? ''), place]));
      const waitingOrder = expected.slice(3).map((member) => byMember.get(member)?.position);
      expect(waitingOrder).toEqual(Array.from({ length: 27 }, (_, index) => index + 1));
      // Not the join order (30! orders; the chance that the shuffle kept it is nil).
      expect(expected).not.toEqual(early.map((result) => memberOf(result.place.tokenId)));

      const late = await join(concertId, opensAt + 2, { setup });
      expect(late.place).toMatchObject({ status: 'WAITING', position: 28 });
      // The record of the opening: the pre-queue in its order, and the seed now shown.
      expect((await store.openingOrder(concertId)).map(memberOf)).toEqual(expected);
      const view = await store.room(concertId, setup, policy().round(opensAt + 3));
      expect(view).toMatchObject({ saleOpensAtMs: opensAt, openedAtMs: opensAt, seed: setup.seed, seedCommitment: setup.seedCommitment, preQueue: 0, waiting: 28, active: 3 });
    });

    it('opens in whichever step comes first (a status read here), exactly once, under concurrent steps of several clients', async () => {
      const concertId = randomUUID();
      const setup = setupOf(concertId, { saleOpensAtMs: opensAt });
      const early = await Promise.all(Array.from({ length: 50 }, (_, index) => join(concertId, t0 + index, { setup })));
      const others = [0, 1, 2].map((index) => new RedisQueueStore(prefixedRedis(prefix, `instance-${index}`)));
      try {
        // Three instances' rounds, reads and joins at the opening instant, all at once.
        await Promise.all(
          others.flatMap((instance, index) => [
            instance.admit([concertId], policy().round(opensAt + index)),
            instance.placeOf({ tokenId: early[index].place.tokenId, concertId }, policy().round(opensAt + index)),
            instance.join({ tokenId: randomUUID(), userId: randomUUID(), concertId, issuedAtSeconds: 1, shuffleScore: -1, setup, round: policy().round(opensAt + index) }),
          ]),
        );
      } finally {
        await Promise.all(others.map((instance) => (instance as unknown as { redis: Redis }).redis.quit()));
      }
      const view = await store.room(concertId, setup, policy().round(opensAt + 10));
      // Opened by whichever step Redis ran first: its own clock reading, one of the three.
      expect([opensAt, opensAt + 1, opensAt + 2]).toContain(view.openedAtMs);
      expect(view.preQueue).toBe(0);
      expect(view.waiting + view.active).toBe(53);
      expect((await store.openingOrder(concertId)).length).toBe(50);
      expect(await redis.hget(QueueRedisKeys.settings(concertId), 'preQueueSize')).toBe('50');
    });

    it('moves the opening while it is ahead, and refuses to once the sale has opened', async () => {
      const concertId = randomUUID();
      const setup = setupOf(concertId, { saleOpensAtMs: opensAt });
      await join(concertId, t0, { setup });
      expect(await store.configure(concertId, setup, { saleOpensAtMs: opensAt + 60_000 }, policy().round(t0 + 1))).toBe('OK');
      const [still] = await store.admit([concertId], policy().round(opensAt + 1));
      expect(still).toMatchObject({ preQueueCount: 1, activeCount: 0 });
      const [opened] = await store.admit([concertId], policy().round(opensAt + 60_000));
      expect(opened).toMatchObject({ preQueueCount: 0, activeCount: 1 });
      expect(await store.configure(concertId, setup, { saleOpensAtMs: opensAt + 120_000 }, policy().round(opensAt + 60_001))).toBe('ALREADY_OPEN');
      expect((await store.room(concertId, setup, policy().round(opensAt + 60_002))).saleOpensAtMs).toBe(opensAt + 60_000);
    });

    it('schedules a room that had no opening only while nobody has joined it', async () => {
      const [fresh, used] = [randomUUID(), randomUUID()];
      expect(await store.configure(fresh, setupOf(fresh), { saleOpensAtMs: opensAt }, policy().round(t0))).toBe('OK');
      expect((await join(fresh, t0 + 1)).place.status).toBe('PRE_QUEUE');
      await join(used, t0);
      expect(await store.configure(used, setupOf(used), { saleOpensAtMs: opensAt }, policy().round(t0 + 1))).toBe('ALREADY_OPEN');
    });
  });

  it('forgets a room found empty only when nobody joined it since the cutoff', async () => {
    const concertId = randomUUID();
    await join(concertId, t0);
    expect(await store.forgetRoom(concertId, t0)).toBe(false);
    expect(await store.forgetRoom(concertId, t0 + 1)).toBe(true);
    expect(await store.rooms()).toEqual([]);
  });
});

/**
 * Every step of a room touches one Redis Cluster slot: against a redis-server in cluster mode
 * (one node holding every slot), which refuses a script whose keys hash to several slots, and
 * with CLUSTER KEYSLOT of every key a room's steps wrote, the keys the scripts derive included.
 */
describe('RedisQueueStore on a Redis Cluster node: one slot per room', () => {
  let node: ThrowawayRedis;
  let admin: Redis;
  let client: Redis;

  beforeAll(async () => {
    node = await createThrowawayRedis({ args: ['--cluster-enabled', 'yes', '--cluster-config-file', 'nodes.conf'] });
    await node.start();
    admin = new Redis(node.url);
    await admin.call('CLUSTER', 'ADDSLOTSRANGE', '0', '16383');
    for (let attempt = 0; !String(await admin.call('CLUSTER', 'INFO')).includes('cluster_state:ok'); attempt++) {
      if (attempt > 100) throw new Error('the cluster node did not reach cluster_state:ok');
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    client = new Redis(node.url, { keyPrefix: 'it:cluster:' });
  }, 30_000);

  afterAll(async () => {
    await client?.quit();
    await admin?.quit();
    await node?.destroy();
  });

  it('runs every step of two rooms, and the gateway state check, each within its room slot', async () => {
    const store = new RedisQueueStore(client);
    const t0 = Date.parse('2030-01-01T12:00:00.000Z');
    const using = new AdmissionPolicy({ ...testSettings, maxActiveUsers: 2, activeSeconds: 60, admissionLatencyTargetMs: 200, adaptiveMinActiveUsers: 1 });
    const rooms = [randomUUID(), randomUUID()];
    for (const concertId of rooms) {
      const setup = setupOf(concertId, { saleOpensAtMs: t0 + 1_000 });
      const joined = [];
      for (let index = 0; index < 5; index++) {
        const tokenId = randomUUID();
        joined.push(await store.join({ tokenId, userId: randomUUID(), concertId, issuedAtSeconds: 1, shuffleScore: shuffleScore(setup.seed, tokenId), setup, round: using.round(t0 + index) }));
      }
      await store.admit([concertId], using.round(t0 + 1_000));
      await store.placesOf(joined.map((result) => ({ tokenId: result.place.tokenId, concertId })), using.round(t0 + 1_001));
      const first = (await store.placeOf({ tokenId: joined[0].place.tokenId, concertId }, using.round(t0 + 1_002))) ?? joined[0].place;
      await store.expire({ concertId, tokenId: null, userId: first.userId, notJoinedAfterMs: t0 + 2_000, reason: 'PAID', round: using.round(t0 + 2_000), limitAdjustment: using.limitAdjustment(500) });
      await store.configure(concertId, setup, { maxActiveUsers: 3, activeSeconds: 30 }, using.round(t0 + 3_000));
      await store.room(concertId, setup, using.round(t0 + 3_001));
      await store.openingOrder(concertId);
      const state = await client.eval(QUEUE_TOKEN_STATE_SCRIPT, 4, QueueTokenKeys.active(concertId), QueueTokenKeys.waiting(concertId), QueueTokenKeys.preQueue(concertId), QueueTokenKeys.token(concertId, first.tokenId), first.tokenId, t0, first.userId);
      expect(['ACTIVE', 'WAITING', 'EXPIRED']).toContain(state);
    }

    const keys = (await admin.keys('it:cluster:*')).filter((key) => key.includes('{room:'));
    const slotOf = async (key: string) => Number(await admin.call('CLUSTER', 'KEYSLOT', key));
    for (const concertId of rooms) {
      const own = keys.filter((key) => key.includes(concertId));
      // waiting, active, last-seen, admissions, every admission, counter, settings, opening, sequence, the adaptive limit, tokens and users
      expect(own.length).toBeGreaterThan(15);
      const expected = await slotOf(`{room:${concertId}}`);
      expect(new Set(await Promise.all(own.map(slotOf)))).toEqual(new Set([expected]));
    }
    // A script whose declared keys span two slots is refused by a cluster node: the check above is not vacuous.
    await expect(client.eval('return 1', 2, QueueTokenKeys.waiting(rooms[0]), QueueTokenKeys.waiting(rooms[1]))).rejects.toThrow(/CROSSSLOT/);
  });
});
