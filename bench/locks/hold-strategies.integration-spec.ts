import { ErrorCode } from '@concert/contracts';
import { ReservationServiceWorld, seatsOneTo, users } from '../../apps/reservation-service/src/testing/reservation-service.fixture';
import { createHoldStrategy } from './strategies/hold-strategy.factory';

const STRATEGIES = ['on-conflict', 'unique-insert', 'pessimistic', 'optimistic'] as const;

/**
 * Every hold strategy the lock benchmark compares (plugged into reservation-service by the
 * benchmark only; the service runs on-conflict) keeps the promise on its own — the product's unique index stays underneath, and the backstop counter proves it never had
 * to step in — while the unguarded negative control really does hold a seat twice. Early refusal
 * is off, so every request goes through the strategy (nothing is answered from the first read).
 */
describe('hold strategies, two instances each', () => {
  let world: ReservationServiceWorld;

  beforeAll(async () => {
    world = await ReservationServiceWorld.start({ instances: 0 });
    // The negative control's table: the product's columns without its partial unique index.
    await world.sql.query(`CREATE TABLE reservations_unguarded (LIKE reservations INCLUDING DEFAULTS INCLUDING CONSTRAINTS)`);
  });

  afterEach(async () => {
    await world.stopInstances();
  });

  afterAll(async () => {
    await world?.stop();
  });

  async function backstopHits(): Promise<number> {
    let total = 0;
    for (const instance of world.instances) {
      const text = await (await fetch(`${instance.baseUrl}/metrics`)).text();
      for (const line of text.split('\n')) if (line.startsWith('reservation_hold_backstop_conflicts_total')) total += Number(line.split(' ').pop());
    }
    return total;
  }

  it.each(STRATEGIES)('%s: 150 users on one seat → one hold; 150 users over 5 seats → five, no seat twice', async (strategy) => {
    await world.startInstances(2, {}, undefined, { holdStrategy: createHoldStrategy(strategy), refuseOccupiedEarly: false });
    const { scheduleId } = await insertSchedule(world);

    const [oneSeat, fiveSeats] = await Promise.all([
      Promise.all(users(150).map((userId) => world.hold(userId, scheduleId, 1))),
      Promise.all(users(150).map((userId, index) => world.hold(userId, scheduleId, 2 + (index % 5)))),
    ]);

    expect(oneSeat.filter((answer) => answer.status === 201)).toHaveLength(1);
    expect(oneSeat.filter((answer) => answer.status === 409 && answer.body.code === ErrorCode.SEAT_UNAVAILABLE)).toHaveLength(149);
    const won = fiveSeats.filter((answer) => answer.status === 201);
    expect(won.map((answer) => answer.body['seatNo']).sort()).toEqual([2, 3, 4, 5, 6]);
    expect(fiveSeats.filter((answer) => answer.status === 409)).toHaveLength(145);
    const { rows } = await world.sql.query<{ seats: number; rows: number }>(
      `SELECT count(DISTINCT seat_no)::int AS seats, count(*)::int AS rows FROM reservations WHERE schedule_id = $1 AND status = 'HELD'`,
      [scheduleId],
    );
    expect(rows[0]).toEqual({ seats: 6, rows: 6 });
    if (strategy === 'pessimistic' || strategy === 'optimistic') await expect(backstopHits()).resolves.toBe(0);
  });

  it('none (negative control): the same race without a guard holds one seat more than once', async () => {
    await world.startInstances(2, {}, undefined, { holdStrategy: createHoldStrategy('none'), refuseOccupiedEarly: false });
    // A race is a matter of timing: try up to three fresh seats before calling the control a failure.
    let doubled = 0;
    for (let attempt = 0; attempt < 3 && doubled === 0; attempt++) {
      const { scheduleId } = await insertSchedule(world);
      const answers = await Promise.all(users(200).map((userId) => world.hold(userId, scheduleId, 1)));
      const { rows } = await world.sql.query<{ holders: number }>(
        `SELECT count(*)::int AS holders FROM reservations_unguarded WHERE schedule_id = $1 AND seat_no = 1 AND status = 'HELD'`,
        [scheduleId],
      );
      expect(answers.filter((answer) => answer.status === 201)).toHaveLength(rows[0]?.holders ?? 0);
      doubled = (rows[0]?.holders ?? 0) - 1;
    }
    expect(doubled).toBeGreaterThan(0);
  });
});

/** A schedule straight into the catalog copy (this file tests holds, not the catalog consumer). */
async function insertSchedule(world: ReservationServiceWorld): Promise<{ scheduleId: string }> {
  const { rows } = await world.sql.query<{ id: string }>(
    `INSERT INTO catalog_schedules (schedule_id, concert_id, starts_at) VALUES (gen_random_uuid(), gen_random_uuid(), now() + interval '30 days') RETURNING schedule_id AS id`,
  );
  const scheduleId = rows[0]?.id;
  await world.sql.query(
    `INSERT INTO catalog_seats (schedule_id, seat_no, price) SELECT $1, seat.no, seat.price FROM unnest($2::int[], $3::int[]) AS seat(no, price)`,
    [scheduleId, seatsOneTo(50).map((seat) => seat.seatNo), seatsOneTo(50).map((seat) => seat.price)],
  );
  return { scheduleId };
}
