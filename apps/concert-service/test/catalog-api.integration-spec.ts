import { randomUUID } from 'node:crypto';
import { type ScheduleCreated, Topics } from '@concert/contracts';
import { assertionHeaders, waitFor } from '@concert/testing';
import { ADMIN_KEY, ConcertServiceHarness, USER_ID } from './testing/concert-service-harness.fixture';

const inDays = (days: number, hourUtc = 10) => {
  const date = new Date(Date.now() + days * 86_400_000);
  date.setUTCHours(hourUtc, 0, 0, 0);
  return date.toISOString().replace('.000Z', 'Z');
};

describe('concert-service HTTP API and outbox (real Postgres, Redis, Kafka)', () => {
  const service = new ConcertServiceHarness();

  beforeAll(async () => {
    await service.start();
  }, 60_000);

  afterAll(async () => {
    await service.stop();
  });

  describe('POST /api/v1/admin/concerts', () => {
    it('creates concert, schedules and 50 seats each, and one ScheduleCreated per schedule that reaches Kafka', async () => {
      const created = await service.createConcert([
        { startsAt: inDays(10), seatPrice: 80_000, seatPrices: { '1': 150_000, '50': 50_000 } },
        { startsAt: inDays(11), seatPrice: 90_000 },
      ]);

      expect(created.schedules).toHaveLength(2);
      const [counts] = await service.sql<{ seats: string; schedules: string }>(
        'SELECT (SELECT count(*) FROM concert.seats) AS seats, (SELECT count(*) FROM concert.schedules WHERE concert_id = $1) AS schedules',
        [created.concertId],
      );
      expect({ seats: Number(counts.seats), schedules: Number(counts.schedules) }).toEqual({ seats: 100, schedules: 2 });

      await waitFor(async () => {
        const pending = await service.sql("SELECT 1 FROM concert.outbox WHERE topic = $1 AND sent_at IS NULL", [Topics.ScheduleCreated]);
        expect(pending).toHaveLength(0);
      });
      const messages = await service.kafka.readAll(Topics.ScheduleCreated);
      const payloads = messages.map((message) => ({ key: message.key, payload: (JSON.parse(message.value!) as { payload: ScheduleCreated }).payload }));
      expect(payloads.map((p) => p.key).sort()).toEqual(created.schedules.map((s) => s.scheduleId).sort());
      const first = payloads.find((p) => p.key === created.schedules[0].scheduleId)!.payload;
      expect(first).toMatchObject({ concertId: created.concertId, scheduleId: created.schedules[0].scheduleId, startsAt: created.schedules[0].startsAt });
      expect(first.seats).toHaveLength(50);
      expect([first.seats[0], first.seats[1], first.seats[49]]).toEqual([
        { seatNo: 1, price: 150_000 },
        { seatNo: 2, price: 80_000 },
        { seatNo: 50, price: 50_000 },
      ]);
    });

    it('stores the waitingRoom option with the concert and answers it, null where it was left out', async () => {
      const saleOpensAt = inDays(5);
      const created = await service.createConcert([{ startsAt: inDays(12), seatPrice: 10_000 }], 'Room Concert', { maxActiveUsers: 250, activeSeconds: 90, saleOpensAt });
      const partial = await service.createConcert([{ startsAt: inDays(12), seatPrice: 10_000 }], 'Partial Room Concert', { activeSeconds: 86_400 });
      const plain = await service.createConcert([{ startsAt: inDays(12), seatPrice: 10_000 }], 'Default Room Concert');

      expect(created.waitingRoom).toEqual({ maxActiveUsers: 250, activeSeconds: 90, saleOpensAt: new Date(saleOpensAt).toISOString() });
      expect(partial.waitingRoom).toEqual({ maxActiveUsers: null, activeSeconds: 86_400, saleOpensAt: null });
      expect(plain.waitingRoom).toEqual({ maxActiveUsers: null, activeSeconds: null, saleOpensAt: null });
      const rows = await service.sql<{ id: string; max: number | null; seconds: number | null; opens: Date | null }>(
        `SELECT id, waiting_room_max_active_users AS max, waiting_room_active_seconds AS seconds, waiting_room_sale_opens_at AS opens
           FROM concert.concerts WHERE id = ANY($1::uuid[])`,
        [[created.concertId, partial.concertId, plain.concertId]],
      );
      expect(Object.fromEntries(rows.map((row) => [row.id, { max: row.max, seconds: row.seconds, opens: row.opens?.toISOString() ?? null }]))).toEqual({
        [created.concertId]: { max: 250, seconds: 90, opens: new Date(saleOpensAt).toISOString() },
        [partial.concertId]: { max: null, seconds: 86_400, opens: null },
        [plain.concertId]: { max: null, seconds: null, opens: null },
      });
    });

    it('checks the key before anything else but the caller assertion, even a malformed body', async () => {
      const attempts: Array<Record<string, string>> = [{}, { 'x-admin-key': 'wrong' }, { 'x-admin-key': ADMIN_KEY.toUpperCase() }];
      for (const headers of attempts) {
        const response = await service.call('POST', '/api/v1/admin/concerts', { body: '{"title":', headers });
        expect(response.status).toBe(401);
        expect(response.body).toMatchObject({ statusCode: 401, code: 'ADMIN_KEY_INVALID', requestId: expect.any(String) });
      }
      // Without the gateway's assertion nothing is believed, the right key included.
      const unasserted = await service.call('POST', '/api/v1/admin/concerts', { body: '{"title":', headers: { 'x-admin-key': ADMIN_KEY }, caller: false });
      expect(unasserted).toMatchObject({ status: 401, body: { code: 'AUTH_REQUIRED' } });
    });

    it.each([
      ['an empty title', { title: '', venue: 'V', schedules: [{ startsAt: inDays(3), seatPrice: 1 }] }],
      ['a past date', { title: 'T', venue: 'V', schedules: [{ startsAt: inDays(-1), seatPrice: 1 }] }],
      ['a malformed date', { title: 'T', venue: 'V', schedules: [{ startsAt: '2030-13-01T19:00:00+09:00', seatPrice: 1 }] }],
      ['a zero price', { title: 'T', venue: 'V', schedules: [{ startsAt: inDays(3), seatPrice: 0 }] }],
      ['a fractional price', { title: 'T', venue: 'V', schedules: [{ startsAt: inDays(3), seatPrice: 9.99 }] }],
      ['a seat override out of 1..50', { title: 'T', venue: 'V', schedules: [{ startsAt: inDays(3), seatPrice: 1, seatPrices: { '51': 1 } }] }],
      ['a waiting room of 0 active users', { title: 'T', venue: 'V', schedules: [{ startsAt: inDays(3), seatPrice: 1 }], waitingRoom: { maxActiveUsers: 0 } }],
      ['a waiting room of 1.5 active users', { title: 'T', venue: 'V', schedules: [{ startsAt: inDays(3), seatPrice: 1 }], waitingRoom: { maxActiveUsers: 1.5 } }],
      ['an active time of 1.5 s', { title: 'T', venue: 'V', schedules: [{ startsAt: inDays(3), seatPrice: 1 }], waitingRoom: { activeSeconds: 1.5 } }],
      ['an active time of 0 s', { title: 'T', venue: 'V', schedules: [{ startsAt: inDays(3), seatPrice: 1 }], waitingRoom: { activeSeconds: 0 } }],
      ['a sale opening "soon"', { title: 'T', venue: 'V', schedules: [{ startsAt: inDays(3), seatPrice: 1 }], waitingRoom: { saleOpensAt: 'soon' } }],
      ['an unknown waiting-room field', { title: 'T', venue: 'V', schedules: [{ startsAt: inDays(3), seatPrice: 1 }], waitingRoom: { capacity: 5 } }],
      ['malformed JSON', '{"title":'],
    ])('answers 400 VALIDATION_FAILED for %s and writes nothing', async (_, body) => {
      const [before] = await service.sql<{ n: string }>('SELECT count(*) AS n FROM concert.concerts');

      const response = await service.call('POST', '/api/v1/admin/concerts', { body, headers: { 'x-admin-key': ADMIN_KEY } });

      expect(response.status).toBe(400);
      expect(response.body).toMatchObject({ code: 'VALIDATION_FAILED' });
      const [after] = await service.sql<{ n: string }>('SELECT count(*) AS n FROM concert.concerts');
      expect(after.n).toBe(before.n);
    });
  });

  describe('reads', () => {
    let concertId: string;
    let scheduleIds: string[];

    beforeAll(async () => {
      const created = await service.createConcert(
        [
          { startsAt: inDays(20, 10), seatPrice: 70_000, seatPrices: { '3': 99_000 } },
          { startsAt: inDays(21, 15), seatPrice: 70_000 }, // 00:00 the next day in Seoul
          { startsAt: inDays(22, 10), seatPrice: 70_000 },
        ],
        'Reads Concert',
      );
      concertId = created.concertId;
      scheduleIds = created.schedules.map((s) => s.scheduleId);
    });

    it('lists concerts for a caller who is not signed in (not protected), but only through the gateway', async () => {
      const response = await service.call('GET', '/api/v1/concerts', { caller: null });

      expect(response.status).toBe(200);
      expect(response.body).toContainEqual({ concertId, title: 'Reads Concert', venue: 'Test Hall' });
      await expect(service.call('GET', '/api/v1/concerts', { caller: false })).resolves.toMatchObject({ status: 401, body: { code: 'AUTH_REQUIRED' } });
    });

    it('lists bookable dates in Seoul time, and drops a sold-out one', async () => {
      const response = await service.get(`/api/v1/concerts/${concertId}/schedules`);
      expect(response.status).toBe(200);
      expect(response.headers.get('content-type')).toContain('application/json');
      const list = response.body as unknown as Array<Record<string, unknown>>;
      expect(list.map((s) => s.scheduleId)).toEqual(scheduleIds);
      expect(list[1]).toMatchObject({ concertId, totalSeats: 50, availableSeats: 50, startsAt: expect.stringMatching(/T00:00:00\+09:00$/) });
      expect(list[1].date).toBe((list[1].startsAt as string).slice(0, 10));

      // Sell out the first schedule the way the consumer does (direct SQL), then invalidate as it does.
      await service.sql("UPDATE concert.seats SET status = 'SOLD' WHERE schedule_id = $1", [scheduleIds[0]]);
      const [schedule] = await service.sql<{ version: string }>(
        'UPDATE concert.schedules SET available_seats = 0, version = version + 1 WHERE id = $1 RETURNING version',
        [scheduleIds[0]],
      );
      const [concert] = await service.sql<{ version: string }>('UPDATE concert.concerts SET version = version + 1 WHERE id = $1 RETURNING version', [concertId]);
      const { CatalogReadCache } = await import('../src/catalog/infrastructure/cache/catalog-read.cache');
      await service.app.get(CatalogReadCache).invalidate({ concertId, scheduleId: scheduleIds[0], scheduleVersion: Number(schedule.version), concertVersion: Number(concert.version) });

      const after = await service.schedules(concertId);
      expect(after.map((s) => s.scheduleId)).toEqual(scheduleIds.slice(1));
    });

    it('returns the seat map: 50 seats with price and status', async () => {
      const response = await service.get(`/api/v1/concerts/${concertId}/schedules/${scheduleIds[1]}/seats`);

      expect(response.status).toBe(200);
      const body = response.body as unknown as { scheduleId: string; seats: Array<{ seatNo: number; price: number; status: string }> };
      expect(body.scheduleId).toBe(scheduleIds[1]);
      expect(body.seats.map((s) => s.seatNo)).toEqual(Array.from({ length: 50 }, (_, i) => i + 1));
      expect(body.seats.every((s) => s.status === 'AVAILABLE' && s.price === 70_000)).toBe(true);
    });

    it('accepts upper-case ids', async () => {
      const response = await service.get(`/api/v1/concerts/${concertId.toUpperCase()}/schedules/${scheduleIds[0].toUpperCase()}/seats`);

      expect(response.status).toBe(200);
      expect((response.body as unknown as { seats: Array<{ seatNo: number; price: number }> }).seats[2]).toMatchObject({ seatNo: 3, price: 99_000 });
    });

    it.each([
      ['an unknown concert (dates)', () => `/api/v1/concerts/${randomUUID()}/schedules`, 404, 'CONCERT_NOT_FOUND'],
      ['an unknown concert (seats)', () => `/api/v1/concerts/${randomUUID()}/schedules/${scheduleIds[0]}/seats`, 404, 'CONCERT_NOT_FOUND'],
      ['an unknown schedule', () => `/api/v1/concerts/${concertId}/schedules/${randomUUID()}/seats`, 404, 'SCHEDULE_NOT_FOUND'],
      ['a malformed id', () => `/api/v1/concerts/not-a-uuid/schedules`, 400, 'VALIDATION_FAILED'],
    ])('answers %s with its code', async (_, path, status, code) => {
      const response = await service.get(path());

      expect(response.status).toBe(status);
      expect(response.body).toMatchObject({ statusCode: status, code });
    });

    it("answers SCHEDULE_NOT_FOUND for another concert's schedule, even once that schedule is cached", async () => {
      const other = await service.createConcert([{ startsAt: inDays(30), seatPrice: 1 }], 'Other');
      await service.seatMap(concertId, scheduleIds[1]); // cached under its own concert

      const response = await service.get(`/api/v1/concerts/${other.concertId}/schedules/${scheduleIds[1]}/seats`);

      expect(response.status).toBe(404);
      expect(response.body).toMatchObject({ code: 'SCHEDULE_NOT_FOUND' });
    });

    it("answers 403 QUEUE_TOKEN_WRONG_ROOM to a caller whose queue token is for another concert's room, and 200 with the concert's own", async () => {
      const other = await service.createConcert([{ startsAt: inDays(31), seatPrice: 1 }], 'Other Room');
      const paths = [`/api/v1/concerts/${concertId}/schedules`, `/api/v1/concerts/${concertId}/schedules/${scheduleIds[2]}/seats`];
      for (const path of paths) {
        // Cached by a caller of the right room first: a cache hit is refused all the same.
        await expect(service.get(path, USER_ID, concertId)).resolves.toMatchObject({ status: 200 });
        await expect(service.get(path, USER_ID, concertId.toUpperCase())).resolves.toMatchObject({ status: 200 });

        const refused = await service.get(path, USER_ID, other.concertId);

        expect(refused).toMatchObject({ status: 403, body: { statusCode: 403, code: 'QUEUE_TOKEN_WRONG_ROOM', requestId: expect.any(String) } });
        expect(JSON.stringify(refused.body)).not.toContain(scheduleIds[2]);
      }
      const seats = await service.seatMap(concertId, scheduleIds[2]);
      expect(seats.seats.every((seat) => seat.status === 'AVAILABLE')).toBe(true);
    });

    it('answers existence before the room: 404 for an unknown concert or schedule whatever the token', async () => {
      const room = randomUUID();
      await expect(service.get(`/api/v1/concerts/${randomUUID()}/schedules`, USER_ID, room)).resolves.toMatchObject({ status: 404, body: { code: 'CONCERT_NOT_FOUND' } });
      await expect(service.get(`/api/v1/concerts/${concertId}/schedules/${randomUUID()}/seats`, USER_ID, room)).resolves.toMatchObject({
        status: 404,
        body: { code: 'SCHEDULE_NOT_FOUND' },
      });
    });

    it('refuses protected reads without a signed-in caller (401 AUTH_REQUIRED) or with a forged or misdirected assertion (401 AUTH_INVALID)', async () => {
      for (const path of [`/api/v1/concerts/${concertId}/schedules`, `/api/v1/concerts/${concertId}/schedules/${scheduleIds[0]}/seats`]) {
        // No assertion at all (a bare identity header is not believed), and an assertion for nobody.
        await expect(service.call('GET', path, { caller: false })).resolves.toMatchObject({ status: 401, body: { code: 'AUTH_REQUIRED' } });
        await expect(service.call('GET', path, { caller: false, headers: { 'x-user-id': USER_ID } })).resolves.toMatchObject({ status: 401, body: { code: 'AUTH_REQUIRED' } });
        await expect(service.call('GET', path, { caller: null })).resolves.toMatchObject({ status: 401, body: { code: 'AUTH_REQUIRED' } });
        // Signed with another key, or made for another route.
        await expect(service.call('GET', path, { caller: false, headers: assertionHeaders('GET', path, USER_ID, null, 'not-the-internal-assertion-key') })).resolves.toMatchObject({
          status: 401,
          body: { code: 'AUTH_INVALID' },
        });
        await expect(service.call('GET', path, { caller: false, headers: assertionHeaders('GET', '/api/v1/concerts', USER_ID) })).resolves.toMatchObject({
          status: 401,
          body: { code: 'AUTH_INVALID' },
        });
        await expect(service.get(path)).resolves.toMatchObject({ status: 200 });
      }
    });
  });

  describe('GET /internal/concerts/:concertId (queue-service asks whether a concert exists)', () => {
    let concertId: string;

    beforeAll(async () => {
      concertId = (await service.createConcert([{ startsAt: inDays(40), seatPrice: 10_000 }], 'Internal Concert')).concertId;
    });

    it('answers 200 with the concert id for a concert that exists, in either case of the id', async () => {
      await expect(service.call('GET', `/internal/concerts/${concertId}`)).resolves.toMatchObject({ status: 200, body: { concertId } });
      await expect(service.call('GET', `/internal/concerts/${concertId.toUpperCase()}`)).resolves.toMatchObject({ status: 200, body: { concertId } });
    });

    it("answers the concert's waiting-room settings as stored at creation, null where the default applies", async () => {
      const saleOpensAt = '2031-03-01T20:00:00+09:00';
      const room = await service.createConcert([{ startsAt: inDays(41), seatPrice: 10_000 }], 'Internal Room Concert', { maxActiveUsers: 3, activeSeconds: 45, saleOpensAt });

      await expect(service.call('GET', `/internal/concerts/${room.concertId}`)).resolves.toMatchObject({
        status: 200,
        body: { concertId: room.concertId, waitingRoom: { maxActiveUsers: 3, activeSeconds: 45, saleOpensAt: '2031-03-01T11:00:00.000Z' } },
      });
      const plain = await service.call('GET', `/internal/concerts/${concertId}`);
      expect(plain.body).toEqual({ concertId, waitingRoom: { maxActiveUsers: null, activeSeconds: null, saleOpensAt: null } });
    });

    it('answers 404 CONCERT_NOT_FOUND for an unknown concert and 400 for a malformed id', async () => {
      await expect(service.call('GET', `/internal/concerts/${randomUUID()}`)).resolves.toMatchObject({ status: 404, body: { code: 'CONCERT_NOT_FOUND' } });
      await expect(service.call('GET', '/internal/concerts/not-a-uuid')).resolves.toMatchObject({ status: 400, body: { code: 'VALIDATION_FAILED' } });
    });

    it('is reached with a caller assertion only (401 AUTH_REQUIRED / AUTH_INVALID otherwise)', async () => {
      const path = `/internal/concerts/${concertId}`;
      await expect(service.call('GET', path, { caller: false })).resolves.toMatchObject({ status: 401, body: { code: 'AUTH_REQUIRED' } });
      await expect(service.call('GET', path, { caller: false, headers: assertionHeaders('GET', path, null, null, 'not-the-internal-assertion-key') })).resolves.toMatchObject({
        status: 401,
        body: { code: 'AUTH_INVALID' },
      });
    });
  });

  it('reports Postgres, Redis and Kafka in /health, and cache hits and misses in /metrics', async () => {
    const health = await service.call('GET', '/health', { caller: false });
    expect(health.status).toBe(200);
    expect(health.body).toMatchObject({ status: 'ok', info: { postgres: { status: 'up' }, redis: { status: 'up' }, kafka: { status: 'up' } } });

    const metrics = await (await fetch(`${service.baseUrl}/metrics`)).text();
    expect(metrics).toMatch(/catalog_cache_requests_total\{[^}]*cache="seat_map"[^}]*result="hit"[^}]*\} [1-9]/);
    expect(metrics).toMatch(/catalog_cache_requests_total\{[^}]*cache="seat_map"[^}]*result="miss"[^}]*\} [1-9]/);
  });
});
