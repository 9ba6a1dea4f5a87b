import { randomUUID } from 'node:crypto';
import { verifyOpening } from '@concert/platform';
import { waitFor } from '@concert/testing';
import { FakeConcertDirectory } from './fakes';
import { http, joinQueue, myPlace, resetHttpAgent, type RunningQueueApp, startQueueApp } from './queue-test-app';
import { dropRedisPrefix, uniqueRedisPrefix } from './redis-test-support';

const ADMIN = { 'x-admin-key': 'dev-admin-key' };

interface RoomBody {
  concertId: string;
  maxActiveUsers: number;
  activeSeconds: number;
  saleOpensAt: string | null;
  preQueue: number;
  waiting: number;
  active: number;
  admittedLastMinute: number;
  openedAt: string | null;
  seedCommitment: string;
  code?: string;
}

interface FairnessBody {
  saleOpensAt: string | null;
  seedCommitment: string | null;
  seed: string | null;
  order: string[] | null;
}

/** The rooms' HTTP routes of queue-service (behind the gateway): the organizer's view and controls, the public proof. */
describe('queue-service waiting-room routes (real Redis)', () => {
  let prefix: string;
  let app: RunningQueueApp;
  const scheduled = randomUUID();
  const plain = randomUUID();
  const opensAtMs = Date.now() + 4_000;

  beforeAll(async () => {
    prefix = uniqueRedisPrefix('rooms-http');
    const concerts = new FakeConcertDirectory([scheduled, plain], new Map([[scheduled, { saleOpensAtMs: opensAtMs, maxActiveUsers: 2 }]]));
    app = await startQueueApp({ REDIS_KEY_PREFIX: prefix, QUEUE_ADMIT_INTERVAL_MS: '200' }, { concertDirectory: concerts });
  });

  afterAll(async () => {
    await resetHttpAgent();
    await app?.close();
    await dropRedisPrefix(prefix);
  });

  const room = (concertId: string, options: { method?: 'GET' | 'PATCH'; body?: unknown; headers?: Record<string, string> } = {}) =>
    http<RoomBody>(`${app.url}/api/v1/admin/concerts/${concertId}/waiting-room`, { method: options.method ?? 'GET', body: options.body, headers: options.headers ?? ADMIN, caller: null });
  const fairness = (concertId: string) => http<FairnessBody & { code?: string }>(`${app.url}/api/v1/concerts/${concertId}/waiting-room/fairness`, { caller: null });

  it('refuses the admin routes without the admin key, and validates what a PATCH may change', async () => {
    await expect(room(plain, { headers: {} })).resolves.toMatchObject({ status: 401, body: { code: 'ADMIN_KEY_INVALID' } });
    await expect(room(plain, { method: 'PATCH', body: { maxActiveUsers: 5 }, headers: { 'x-admin-key': 'wrong' } })).resolves.toMatchObject({ status: 401, body: { code: 'ADMIN_KEY_INVALID' } });
    for (const body of [{ maxActiveUsers: 0 }, { maxActiveUsers: 1.5 }, { activeSeconds: 'soon' }, { saleOpensAt: 'tomorrow' }, { capacity: 3 }]) {
      await expect(room(plain, { method: 'PATCH', body })).resolves.toMatchObject({ status: 400, body: { code: 'VALIDATION_FAILED' } });
    }
    await expect(room(randomUUID())).resolves.toMatchObject({ status: 404, body: { code: 'CONCERT_NOT_FOUND' } });
    await expect(room('not-a-uuid')).resolves.toMatchObject({ status: 400, body: { code: 'VALIDATION_FAILED' } });
    await expect(fairness(plain)).resolves.toMatchObject({ status: 200, body: { saleOpensAt: null, seedCommitment: null, seed: null, order: null } });
  });

  it('shows a room live and changes it: the capacity raised admits the next waiting users, lowered evicts nobody', async () => {
    const users = Array.from({ length: 6 }, () => randomUUID());
    await expect(room(plain, { method: 'PATCH', body: { maxActiveUsers: 1 } })).resolves.toMatchObject({ status: 200, body: { maxActiveUsers: 1 } });
    const tokens = [];
    for (const userId of users) tokens.push((await joinQueue(app.url, userId, plain)).body);
    expect(tokens.map((token) => token.status)).toEqual(['ACTIVE', 'WAITING', 'WAITING', 'WAITING', 'WAITING', 'WAITING']);
    await expect(room(plain)).resolves.toMatchObject({ status: 200, body: { maxActiveUsers: 1, preQueue: 0, waiting: 5, active: 1, admittedLastMinute: 1 } });

    await expect(room(plain, { method: 'PATCH', body: { maxActiveUsers: 4 } })).resolves.toMatchObject({ status: 200, body: { maxActiveUsers: 4 } });
    await waitFor(async () => (await room(plain)).body.active === 4, { timeoutMs: 5_000, description: 'the next three admitted' });
    await expect(myPlace(app.url, tokens[3].token)).resolves.toMatchObject({ body: { status: 'ACTIVE' } });
    await expect(myPlace(app.url, tokens[4].token)).resolves.toMatchObject({ body: { status: 'WAITING', position: 1 } });

    await expect(room(plain, { method: 'PATCH', body: { maxActiveUsers: 2, activeSeconds: 120 } })).resolves.toMatchObject({ status: 200, body: { maxActiveUsers: 2, activeSeconds: 120, active: 4 } });
    await new Promise((resolve) => setTimeout(resolve, 500));
    await expect(room(plain)).resolves.toMatchObject({ body: { active: 4, waiting: 2 } });
  });

  it('keeps a pre-queue before the opening, shuffles it at the opening, and publishes a proof anyone can check', async () => {
    const before = await fairness(scheduled);
    expect(before).toMatchObject({ status: 200, body: { saleOpensAt: new Date(opensAtMs).toISOString(), seed: null, order: null } });
    expect(before.body.seedCommitment).toMatch(/^[0-9a-f]{64}$/);

    const joined = [];
    for (let index = 0; index < 5; index++) joined.push((await joinQueue(app.url, randomUUID(), scheduled)).body);
    expect(joined.every((token) => token.status === 'PRE_QUEUE' && token.position === null && token.opensAt === new Date(opensAtMs).toISOString())).toBe(true);
    expect(joined[0].estimatedWaitSeconds).toBeGreaterThanOrEqual(Math.floor((opensAtMs - Date.now()) / 1000));
    await expect(room(scheduled)).resolves.toMatchObject({ body: { preQueue: 5, waiting: 0, active: 0, maxActiveUsers: 2, seedCommitment: before.body.seedCommitment } });

    // Opened by whichever step comes first; the next admission round fills the room's two slots.
    await waitFor(async () => (await room(scheduled)).body.active === 2, { timeoutMs: 10_000, description: 'the opening and its admissions' });
    expect((await room(scheduled)).body).toMatchObject({ preQueue: 0, waiting: 3, openedAt: expect.any(String) });
    const places = await Promise.all(joined.map((token) => myPlace(app.url, token.token)));
    expect(places.filter((place) => place.body.status === 'ACTIVE')).toHaveLength(2);
    expect(places.filter((place) => place.body.status === 'WAITING').map((place) => place.body.position).sort()).toEqual([1, 2, 3]);

    const after = (await fairness(scheduled)).body;
    expect(after.seedCommitment).toBe(before.body.seedCommitment);
    expect(after.order).toHaveLength(5);
    expect(verifyOpening({ seedCommitment: after.seedCommitment ?? '', seed: after.seed ?? '', order: after.order ?? [] })).toEqual({ commitmentHolds: true, orderHolds: true });
    // Too late to move the opening now.
    await expect(room(scheduled, { method: 'PATCH', body: { saleOpensAt: new Date(Date.now() + 60_000).toISOString() } })).resolves.toMatchObject({ status: 400, body: { code: 'VALIDATION_FAILED' } });
  });
});
