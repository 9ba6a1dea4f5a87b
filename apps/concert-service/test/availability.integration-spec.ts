import { randomUUID } from 'node:crypto';
import { Topics } from '@concert/contracts';
import { waitFor } from '@concert/testing';
import { ConcertServiceHarness, reservationEvents } from './testing/concert-service-harness.fixture';

/**
 * The seat-availability view through the running consumer: events published to Kafka (as
 * reservation-service's relay does) → inbox transaction → seats/schedules → cache → HTTP.
 */
describe('availability view fed by reservation events (real Postgres, Redis, Kafka)', () => {
  const service = new ConcertServiceHarness();
  let concertId: string;
  let scheduleId: string;
  let events: ReturnType<typeof reservationEvents>;

  const seat = async (seatNo: number) => (await service.seatMap(concertId, scheduleId)).seats.find((s) => s.seatNo === seatNo)!.status;
  const available = async () => (await service.schedules(concertId)).find((s) => s.scheduleId === scheduleId)?.availableSeats ?? 0;
  const countsInDatabase = async () => {
    const [row] = await service.sql<{ available_seats: number; counted: string; version: string }>(
      `SELECT sc.available_seats, sc.version, (SELECT count(*) FROM concert.seats se WHERE se.schedule_id = sc.id AND se.status = 'AVAILABLE') AS counted
         FROM concert.schedules sc WHERE sc.id = $1`,
      [scheduleId],
    );
    return { available: row.available_seats, counted: Number(row.counted), version: Number(row.version) };
  };

  beforeAll(async () => {
    // A long TTL: only the event-driven invalidation can make the cached reads change.
    await service.start({ CACHE_TTL_MS: '600000' });
    const created = await service.createConcert([{ startsAt: new Date(Date.now() + 7 * 86_400_000).toISOString(), seatPrice: 80_000 }]);
    concertId = created.concertId;
    scheduleId = created.schedules[0].scheduleId;
    events = reservationEvents(concertId, scheduleId);
    // Warm-up: the consumer group joins (first rebalance) before the timed tests.
    await service.publish(Topics.SeatHeld, events.held(randomUUID(), 50));
    await waitFor(async () => expect(await seat(50)).toBe('HELD'), { timeoutMs: 30_000, intervalMs: 100 });
  }, 60_000);

  afterAll(async () => {
    await service.stop();
  });

  it('shows a held seat and one seat fewer within 1 s, through the cache', async () => {
    expect(await seat(1)).toBe('AVAILABLE'); // cached now (TTL 10 min)
    const before = await available();
    expect((await service.redis.keys(`${service.redisPrefix}catalog:seat-map:${scheduleId}:*`)).length).toBeGreaterThan(0);

    const publishedAt = Date.now();
    await service.publish(Topics.SeatHeld, events.held(randomUUID(), 1));
    await waitFor(async () => expect(await seat(1)).toBe('HELD'), { timeoutMs: 1_000, intervalMs: 10 });
    await waitFor(async () => expect(await available()).toBe(before - 1), { timeoutMs: 1_000, intervalMs: 10 });

    expect(Date.now() - publishedAt).toBeLessThan(1_000);
    const counts = await countsInDatabase();
    expect(counts.available).toBe(counts.counted);
  });

  it('frees the seat on expiry and sells it on confirmation', async () => {
    const expiring = randomUUID();
    const buying = randomUUID();
    await service.publish(Topics.SeatHeld, events.held(expiring, 2));
    await service.publish(Topics.SeatHeld, events.held(buying, 3));
    await waitFor(async () => expect([await seat(2), await seat(3)]).toEqual(['HELD', 'HELD']), { timeoutMs: 2_000, intervalMs: 20 });
    const before = await available();

    await service.publish(Topics.HoldExpired, events.expired(expiring, 2));
    await service.publish(Topics.ReservationConfirmed, events.confirmed(buying, 3));

    await waitFor(async () => expect([await seat(2), await seat(3)]).toEqual(['AVAILABLE', 'SOLD']), { timeoutMs: 1_000, intervalMs: 10 });
    await waitFor(async () => expect(await available()).toBe(before + 1), { timeoutMs: 1_000, intervalMs: 10 });
  });

  it('changes nothing for a redelivered event or the same change under a new event id', async () => {
    const reservationId = randomUUID();
    const held = events.held(reservationId, 4);
    const eventId = await service.publish(Topics.SeatHeld, held);
    await waitFor(async () => expect(await seat(4)).toBe('HELD'), { timeoutMs: 2_000, intervalMs: 20 });
    const before = await countsInDatabase();

    await service.publish(Topics.SeatHeld, held, { eventId }); // redelivery: the inbox skips it
    await service.publish(Topics.SeatHeld, held); // the same change again: the version merge ignores it
    // Same key, so the same partition, after the duplicates: once it shows, they were handled.
    await service.publish(Topics.HoldCancelled, events.cancelled(randomUUID(), 5, 2), { key: reservationId });
    await waitFor(
      async () => {
        const [row] = await service.sql<{ handled: string }>('SELECT count(*) AS handled FROM concert.inbox');
        expect(Number(row.handled)).toBeGreaterThanOrEqual(1);
        const [marker] = await service.sql<{ n: string }>("SELECT count(*) AS n FROM concert.seat_reservations WHERE seat_no = 5 AND phase = 'RELEASED'");
        expect(Number(marker.n)).toBe(1);
      },
      { timeoutMs: 2_000, intervalMs: 20 },
    );

    expect(await seat(4)).toBe('HELD');
    expect(await countsInDatabase()).toEqual(before);
    const [letters] = await service.sql<{ n: string }>('SELECT count(*) AS n FROM concert.dead_letters');
    expect(Number(letters.n)).toBe(0);
  });

  it("keeps B's hold when A's expiry arrives after B's hold (hold A, expire A, hold B), then sells to B", async () => {
    const a = randomUUID();
    const b = randomUUID();
    const before = await available();

    // B's hold first, then A's hold and A's expiry: A's events are late (another partition).
    await service.publish(Topics.SeatHeld, events.held(b, 6));
    await service.publish(Topics.SeatHeld, events.held(a, 6));
    await service.publish(Topics.HoldExpired, events.expired(a, 6));
    await waitFor(
      async () => {
        const rows = await service.sql<{ reservation_id: string; phase: string }>(
          'SELECT reservation_id, phase FROM concert.seat_reservations WHERE reservation_id = ANY($1) ORDER BY reservation_id',
          [[a, b]],
        );
        expect(Object.fromEntries(rows.map((row) => [row.reservation_id, row.phase]))).toEqual({ [a]: 'RELEASED', [b]: 'HELD' });
      },
      { timeoutMs: 2_000, intervalMs: 20 },
    );
    expect(await seat(6)).toBe('HELD');
    expect(await available()).toBe(before - 1);

    await service.publish(Topics.ReservationConfirmed, events.confirmed(b, 6));
    await waitFor(async () => expect(await seat(6)).toBe('SOLD'), { timeoutMs: 1_000, intervalMs: 10 });
    // A's hold redelivered very late changes nothing either.
    await service.publish(Topics.SeatHeld, events.held(a, 6), { key: b });
    await service.publish(Topics.HoldCancelled, events.cancelled(randomUUID(), 7, 2), { key: b });
    await waitFor(async () => expect((await service.sql("SELECT 1 FROM concert.seat_reservations WHERE seat_no = 7")).length).toBe(1), {
      timeoutMs: 2_000,
      intervalMs: 20,
    });
    expect(await seat(6)).toBe('SOLD');
    const counts = await countsInDatabase();
    expect(counts.available).toBe(counts.counted);
  });

  it('keeps the count exact under many concurrent events on one schedule', async () => {
    const seats = Array.from({ length: 20 }, (_, index) => 10 + index);
    const ids = seats.map(() => randomUUID());
    await Promise.all(seats.map((seatNo, index) => service.publish(Topics.SeatHeld, events.held(ids[index], seatNo))));
    // Release every other one; confirm the rest.
    await Promise.all(
      seats.map((seatNo, index) =>
        index % 2 === 0
          ? service.publish(Topics.HoldExpired, events.expired(ids[index], seatNo))
          : service.publish(Topics.ReservationConfirmed, events.confirmed(ids[index], seatNo)),
      ),
    );

    await waitFor(
      async () => {
        const map = await service.seatMap(concertId, scheduleId);
        const statuses = seats.map((seatNo) => map.seats.find((s) => s.seatNo === seatNo)!.status);
        expect(statuses).toEqual(seats.map((_, index) => (index % 2 === 0 ? 'AVAILABLE' : 'SOLD')));
      },
      { timeoutMs: 5_000, intervalMs: 20 },
    );
    const counts = await countsInDatabase();
    expect(counts.available).toBe(counts.counted);
    expect(await available()).toBe(counts.available);
  });
});
