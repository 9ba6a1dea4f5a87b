import { ErrorCode, Topics } from '@concert/contracts';
import { waitFor } from '@concert/testing';
import { ReservationServiceWorld, seatsOneTo, users } from '../testing/reservation-service.fixture';

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Expiry in real time (1 s holds), two instances, each running its sweeper. */
describe('hold expiry in real time, two instances', () => {
  let world: ReservationServiceWorld;
  let scheduleId: string;

  beforeAll(async () => {
    world = await ReservationServiceWorld.start({ instances: 2, env: { RESERVATION_HOLD_SECONDS: '1', RESERVATION_MAX_HOLDS_PER_USER: '0' } });
    ({ scheduleId } = await world.publishSchedule(seatsOneTo(50)));
  });

  afterAll(async () => {
    await world?.stop();
  });

  it('turns every hold EXPIRED, and its HoldExpired out to Kafka, within 1 s of expiresAt — once each', async () => {
    const seatNos = Array.from({ length: 20 }, (_, index) => index + 1);
    const held = await Promise.all(users(20).map((userId, index) => world.hold(userId, scheduleId, seatNos[index])));
    expect(held.every((answer) => answer.status === 201)).toBe(true);
    const ids = held.map((answer) => String(answer.body['reservationId']));

    await sleep(1_000);
    const rows = await waitFor(
      async () => {
        const { rows: found } = await world.sql.query<{ id: string; status: string; version: number; lag_ms: number }>(
          `SELECT id, status, version, extract(epoch FROM updated_at - expires_at) * 1000 AS lag_ms FROM reservations WHERE id = ANY($1)`,
          [ids],
        );
        return found.every((row) => row.status === 'EXPIRED') && found;
      },
      { timeoutMs: 3_000, intervalMs: 50 },
    );
    expect(rows).toHaveLength(20);
    expect(rows.every((row) => row.version === 2)).toBe(true);
    expect(Math.max(...rows.map((row) => Number(row.lag_ms)))).toBeLessThan(1_000);
    for (const answer of held.slice(0, 3)) {
      await expect(world.call('GET', `/api/v1/reservations/${String(answer.body['reservationId'])}`, { userId: String(answer.body['userId']) })).resolves.toMatchObject({
        body: { status: 'EXPIRED' },
      });
    }

    const published = await waitFor(async () => {
      const { rows: outbox } = await world.sql.query<{ key: string; lag_ms: number | null }>(
        `SELECT o.message_key AS key, extract(epoch FROM o.sent_at - r.expires_at) * 1000 AS lag_ms
           FROM outbox o JOIN reservations r ON r.id::text = o.message_key
          WHERE o.topic = $1 AND o.message_key = ANY($2)`,
        [Topics.HoldExpired, ids],
      );
      return outbox.length === 20 && outbox.every((row) => row.lag_ms !== null) && outbox;
    });
    expect(Math.max(...published.map((row) => Number(row.lag_ms)))).toBeLessThan(1_000);
    const messages = (await world.kafka.readAll(Topics.HoldExpired)).filter((message) => ids.includes(message.key ?? ''));
    expect(messages).toHaveLength(20);
    expect(new Set(messages.map((message) => message.key)).size).toBe(20);
  });

  it('never has two live holds on a seat while 40 users keep trying to take it as its hold runs out', async () => {
    const [first, ...racers] = users(41) as [string, ...string[]];
    const initial = await world.hold(first, scheduleId, 30);
    expect(initial.status).toBe(201);
    const expiresAt = Date.parse(String(initial.body['expiresAt']));

    // Every racer tries from 150 ms before the expiry until 400 ms after it (or until it wins).
    await sleep(Math.max(0, expiresAt - Date.now() - 150));
    const outcomes = await Promise.all(
      racers.map(async (userId) => {
        const codes: Array<string | number> = [];
        while (Date.now() < expiresAt + 400) {
          const answer = await world.hold(userId, scheduleId, 30);
          codes.push(answer.status === 201 ? 201 : String(answer.body.code));
          if (answer.status === 201) break;
          await sleep(10);
        }
        return codes;
      }),
    );

    const wins = outcomes.flat().filter((code) => code === 201);
    expect(wins).toHaveLength(1);
    expect(new Set(outcomes.flat().filter((code) => code !== 201))).toEqual(new Set([ErrorCode.SEAT_UNAVAILABLE]));
    const { rows } = await world.sql.query<{ status: string; created_at: Date; expires_at: Date }>(
      `SELECT status, created_at, expires_at FROM reservations WHERE schedule_id = $1 AND seat_no = 30 ORDER BY created_at`,
      [scheduleId],
    );
    expect(rows).toHaveLength(2);
    // The second hold began only once the first had run out.
    expect((rows[1] as { created_at: Date }).created_at.getTime()).toBeGreaterThanOrEqual((rows[0] as { expires_at: Date }).expires_at.getTime());
    const messages = await waitFor(async () => {
      const found = (await world.kafka.readAll(Topics.HoldExpired)).filter((message) => message.key === initial.body['reservationId']);
      return found.length > 0 && found;
    });
    expect(messages).toHaveLength(1);
  });
});
