import { randomUUID } from 'node:crypto';
import { memberOf, verifyOpening } from '@concert/platform';
import { type ApiResponse, ApiClient, futureStartsAt, type QueueTokenBody } from './support/api-client';
import type { components } from './support/api-types';
import { startE2eSystem, type E2eSystem } from './support/e2e-system';

type RoomView = components['schemas']['WaitingRoomView'];
type Fairness = components['schemas']['WaitingRoomFairnessView'];

interface Place {
  userId: string;
  token: string;
  tokenId: string;
}

const PRE_QUEUE = 300;
const OPENS_IN_MS = 30_000;
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** The token id a signed queue token carries (`v1.<payload>.<signature>`). */
function tokenIdOf(token: string): string {
  const payload = token.split('.')[1] ?? '';
  return (JSON.parse(Buffer.from(payload, 'base64url').toString('utf8')) as { tid: string }).tid;
}

/** Runs `work` over `items`, `width` at a time, keeping the results in the items' order. */
async function inPool<T, R>(items: readonly T[], width: number, work: (item: T, index: number) => Promise<R>): Promise<R[]> {
  const results: R[] = new Array(items.length);
  let next = 0;
  await Promise.all(
    Array.from({ length: width }, async () => {
      while (next < items.length) {
        const index = next++;
        results[index] = await work(items[index], index);
      }
    }),
  );
  return results;
}

/**
 * One waiting room per concert, through the gateway, with two instances and a worker of every
 * service: rooms side by side keep their own order and capacity; a sale opening shuffles its whole
 * pre-queue in one step, even with a queue-service instance SIGKILLed as it opens, into exactly the
 * order the public fairness record proves; and an organizer's capacity change applies at the
 * room's next step on every instance.
 */
describe('waiting rooms per concert (2 api instances and a worker per service)', () => {
  let sut: E2eSystem;
  let api: ApiClient;

  beforeAll(async () => {
    sut = await startE2eSystem({
      name: 'rooms',
      replicas: 2,
      restart: false,
      serviceEnv: { 'queue-service': { QUEUE_ADMIT_INTERVAL_MS: '200', QUEUE_WAITING_IDLE_SECONDS: '600' } },
    });
    api = new ApiClient(sut.gatewayUrl);
  }, 180_000);

  afterAll(async () => {
    await sut?.stop();
  });

  async function concert(waitingRoom: Record<string, unknown>): Promise<{ concertId: string; scheduleId: string }> {
    const created = await api.call<{ concertId: string; schedules: Array<{ scheduleId: string }> }>('POST', '/admin/concerts', {
      headers: { 'x-admin-key': api.adminKey },
      body: { title: `Room ${randomUUID().slice(0, 8)}`, venue: 'Olympic Hall, Seoul', schedules: [{ startsAt: futureStartsAt(30), seatPrice: 10_000 }], waitingRoom },
      as: null,
    });
    expect(created.status).toBe(201);
    return { concertId: created.body.concertId, scheduleId: created.body.schedules[0]?.scheduleId ?? '' };
  }

  const room = (concertId: string) => api.call<RoomView>('GET', `/admin/concerts/${concertId}/waiting-room`, { headers: { 'x-admin-key': api.adminKey }, as: null });
  const configure = (concertId: string, change: Record<string, unknown>) =>
    api.call<RoomView & { code?: string }>('PATCH', `/admin/concerts/${concertId}/waiting-room`, { headers: { 'x-admin-key': api.adminKey }, body: change, as: null });
  const fairness = (concertId: string) => api.call<Fairness>('GET', `/concerts/${concertId}/waiting-room/fairness`, { as: null });

  /** Asks again while the answer is 503 (an instance died under the call), as a client would. */
  async function retried<T>(call: () => Promise<ApiResponse<T>>): Promise<ApiResponse<T>> {
    for (let attempt = 0; ; attempt++) {
      const response = await call().catch(() => undefined);
      if (response && response.status !== 503) return response;
      if (attempt >= 20) throw new Error(`still unavailable after ${attempt} attempts`);
      await sleep(250);
    }
  }

  async function join(userId: string, concertId: string): Promise<Place & { body: QueueTokenBody; status: number }> {
    const joined = await retried(() => api.join(userId, concertId));
    expect([201, 200]).toContain(joined.status);
    return { userId, token: joined.body.token, tokenId: tokenIdOf(joined.body.token), body: joined.body, status: joined.status };
  }

  it('keeps two rooms apart: their own order and capacity, one place in each, and a token good for its own concert only', async () => {
    const a = await concert({ maxActiveUsers: 2, activeSeconds: 600 });
    const b = await concert({ maxActiveUsers: 3, activeSeconds: 600 });
    const users = Array.from({ length: 8 }, () => randomUUID());
    const inA: QueueTokenBody[] = [];
    const inB: QueueTokenBody[] = [];
    for (const userId of users) {
      inA.push((await join(userId, a.concertId)).body);
      inB.push((await join(userId, b.concertId)).body);
    }

    expect(inA.map((place) => [place.status, place.position])).toEqual([['ACTIVE', null], ['ACTIVE', null], ...[1, 2, 3, 4, 5, 6].map((position) => ['WAITING', position])]);
    expect(inB.map((place) => [place.status, place.position])).toEqual([['ACTIVE', null], ['ACTIVE', null], ['ACTIVE', null], ...[1, 2, 3, 4, 5].map((position) => ['WAITING', position])]);
    // One place per user and room: two different tokens, and asking again returns the same one.
    expect(inA.every((place, index) => place.token !== inB[index]?.token)).toBe(true);
    expect((await api.join(users[5] ?? '', a.concertId)).body).toMatchObject({ token: inA[5]?.token, status: 'WAITING', position: 4 });
    expect((await room(a.concertId)).body).toMatchObject({ maxActiveUsers: 2, activeSeconds: 600, saleOpensAt: null, preQueue: 0, waiting: 6, active: 2 });
    expect((await room(b.concertId)).body).toMatchObject({ maxActiveUsers: 3, waiting: 5, active: 3 });

    // user 0 is ACTIVE in both rooms; each token opens its own concert only.
    const tokenA = inA[0]?.token ?? '';
    expect((await api.schedules(tokenA, a.concertId)).status).toBe(200);
    const wrong = await api.schedules(tokenA, b.concertId);
    expect([wrong.status, (wrong.body as unknown as { code: string }).code]).toEqual([403, 'QUEUE_TOKEN_WRONG_ROOM']);
    const hold = await api.hold(tokenA, b.scheduleId, 1);
    expect([hold.status, (hold.body as unknown as { code: string }).code]).toEqual([403, 'QUEUE_TOKEN_WRONG_ROOM']);
    // Nothing was held on B's date: its seat 1 is still free for B's own ACTIVE user.
    const rightHold = await api.hold(inB[0]?.token ?? '', b.scheduleId, 1);
    expect(rightHold.status).toBe(201);
  });

  it(`opens a sale of ${PRE_QUEUE} pre-queued buyers in one shuffled step, with an instance SIGKILLed at the opening, into the order the fairness record proves`, async () => {
    const opensAt = new Date(Math.ceil((Date.now() + OPENS_IN_MS) / 1000) * 1000);
    const c = await concert({ maxActiveUsers: 1, activeSeconds: 600, saleOpensAt: opensAt.toISOString() });
    const users = Array.from({ length: PRE_QUEUE }, () => randomUUID());
    const places = await inPool(users, 16, (userId) => join(userId, c.concertId));
    expect(Date.now()).toBeLessThan(opensAt.getTime() - 2_000);

    // Before the opening: everyone in the pre-queue, told when it opens; the seed only committed to.
    expect(places.filter((place) => place.status !== 201 || place.body.status !== 'PRE_QUEUE' || place.body.opensAt === null)).toEqual([]);
    expect(new Set(places.map((place) => new Date(place.body.opensAt ?? 0).getTime()))).toEqual(new Set([opensAt.getTime()]));
    const early = places[0]?.body.estimatedWaitSeconds ?? 0;
    expect(early).toBeGreaterThanOrEqual(Math.floor((opensAt.getTime() - Date.now()) / 1000) - 5);
    expect((await room(c.concertId)).body).toMatchObject({ preQueue: PRE_QUEUE, waiting: 0, active: 0 });
    const before = (await fairness(c.concertId)).body;
    expect(before).toMatchObject({ seed: null, order: null });
    expect(before.seedCommitment).toMatch(/^[0-9a-f]{64}$/);

    // One api instance dies just before the opening; the opening is one script, run by whichever step comes first.
    await sleep(Math.max(0, opensAt.getTime() - Date.now() - 300));
    const restart = await sut.system.kill('queue-service#1');
    await sleep(1_500);
    await restart();

    const after = await inPool(places, 16, (place) => retried(() => api.me(place.token)));
    const statuses = after.map((answer) => answer.body.status);
    expect(statuses.filter((status) => status === 'ACTIVE')).toHaveLength(1);
    expect(statuses.filter((status) => status === 'WAITING')).toHaveLength(PRE_QUEUE - 1);
    const positions = after.map((answer) => answer.body.position).filter((position): position is number => position !== null);
    expect([...positions].sort((x, y) => x - y)).toEqual(Array.from({ length: PRE_QUEUE - 1 }, (_, index) => index + 1));

    // The record: the seed hashes to the commitment published before, the order is the seed's, and it is the order the buyers got.
    const proof = (await fairness(c.concertId)).body;
    expect(proof.seedCommitment).toBe(before.seedCommitment);
    expect(verifyOpening({ seed: proof.seed ?? '', seedCommitment: proof.seedCommitment ?? '', order: proof.order ?? [] })).toEqual({ commitmentHolds: true, orderHolds: true });
    // Each buyer's place in the room: the admitted one first, then the waiting positions behind it —
    // exactly 1..300, a permutation, and in the published order.
    const placeOf = (index: number) => (statuses[index] === 'ACTIVE' ? 1 : 1 + (after[index]?.body.position ?? Number.NaN));
    const served = places.map((place, index) => ({ member: memberOf(place.tokenId), place: placeOf(index) })).sort((x, y) => x.place - y.place);
    expect(served.map((entry) => entry.place)).toEqual(Array.from({ length: PRE_QUEUE }, (_, index) => index + 1));
    expect(served.map((entry) => entry.member)).toEqual(proof.order);
    // Not the join order (probability of the identity permutation: 1 / 300!).
    expect(served.map((entry) => entry.member)).not.toEqual(places.map((place) => memberOf(place.tokenId)));

    // From now on plain FIFO: a later buyer queues behind all of them, 301st (position 300 behind the one admitted).
    const late = await join(randomUUID(), c.concertId);
    expect([late.body.status, 1 + (late.body.position ?? Number.NaN)]).toEqual(['WAITING', PRE_QUEUE + 1]);

    // The organizer widens the room: the next three in the shuffled order are admitted at the next step.
    const widened = await configure(c.concertId, { maxActiveUsers: 4 });
    expect([widened.status, widened.body.maxActiveUsers]).toEqual([200, 4]);
    const deadline = Date.now() + 10_000;
    while ((await room(c.concertId)).body.active < 4 && Date.now() < deadline) await sleep(100);
    const firstFour = new Set((proof.order ?? []).slice(0, 4));
    const active = (await inPool(places, 16, (place) => retried(() => api.me(place.token)))).map((answer, index) => ({ answer, index })).filter(({ answer }) => answer.body.status === 'ACTIVE');
    expect(new Set(active.map(({ index }) => memberOf(places[index]?.tokenId ?? '')))).toEqual(firstFour);
    expect((await room(c.concertId)).body).toMatchObject({ maxActiveUsers: 4, active: 4, waiting: PRE_QUEUE - 4 + 1 });
    expect((await api.me(late.token)).body.position).toBe(PRE_QUEUE - 3);

    // Narrowed again: nobody ACTIVE is evicted, nobody new is admitted until the room is below it.
    expect((await configure(c.concertId, { maxActiveUsers: 2 })).status).toBe(200);
    await sleep(1_000);
    expect((await room(c.concertId)).body).toMatchObject({ maxActiveUsers: 2, active: 4, waiting: PRE_QUEUE - 4 + 1 });
    // The opening happened; it cannot be moved any more, and the refusal changes nothing.
    const moved = await configure(c.concertId, { saleOpensAt: new Date(Date.now() + 3_600_000).toISOString() });
    expect([moved.status, moved.body.code]).toEqual([400, 'VALIDATION_FAILED']);
    expect((await room(c.concertId)).body.saleOpensAt).toBe(proof.saleOpensAt);
  }, 180_000);
});
