import { ErrorCode, Topics } from '@concert/contracts';
import { ReservationServiceWorld, seatsOneTo, users } from '../testing/reservation-service.fixture';

/**
 * The core promise under real concurrency: two instances of the service (separate pools, relays,
 * sweepers, consumers) on one fresh database; requests fired at once, spread over both.
 */
describe('seat holds under concurrency, two instances', () => {
  let world: ReservationServiceWorld;
  let scheduleId: string;

  beforeAll(async () => {
    world = await ReservationServiceWorld.start({ instances: 2 });
    ({ scheduleId } = await world.publishSchedule(seatsOneTo(50, 80_000)));
  });

  afterAll(async () => {
    await world?.stop();
  });

  async function liveRows(seatNos: number[]): Promise<Array<{ seat_no: number; user_id: string }>> {
    const { rows } = await world.sql.query<{ seat_no: number; user_id: string }>(
      `SELECT seat_no, user_id FROM reservations WHERE schedule_id = $1 AND seat_no = ANY($2) AND status IN ('HELD', 'CONFIRMED')`,
      [scheduleId, seatNos],
    );
    return rows;
  }

  it('gives one seat wanted by 200 users at once to exactly one of them', async () => {
    const answers = await Promise.all(users(200).map((userId) => world.hold(userId, scheduleId, 1)));

    const won = answers.filter((answer) => answer.status === 201);
    expect(won).toHaveLength(1);
    expect(answers.filter((answer) => answer.status === 409 && answer.body.code === ErrorCode.SEAT_UNAVAILABLE)).toHaveLength(199);
    expect(won[0]?.body).toMatchObject({ scheduleId, seatNo: 1, price: 80_000, status: 'HELD' });
    await expect(liveRows([1])).resolves.toEqual([{ seat_no: 1, user_id: won[0]?.body['userId'] }]);
  });

  it('gives 10 seats wanted by 300 users to exactly 10 of them, no seat twice', async () => {
    const seatNos = [11, 12, 13, 14, 15, 16, 17, 18, 19, 20];
    const answers = await Promise.all(users(300).map((userId, index) => world.hold(userId, scheduleId, seatNos[index % 10])));

    const won = answers.filter((answer) => answer.status === 201);
    expect(won).toHaveLength(10);
    expect(new Set(won.map((answer) => answer.body['seatNo']))).toEqual(new Set(seatNos));
    expect(answers.filter((answer) => answer.status === 409)).toHaveLength(290);
    const rows = await liveRows(seatNos);
    expect(rows).toHaveLength(10);
    expect(new Set(rows.map((row) => row.seat_no)).size).toBe(10);
  });

  it('keeps the hold limit exact when one user fires 20 holds at once across both instances', async () => {
    const [userId] = users(1) as [string];
    const seatNos = Array.from({ length: 20 }, (_, index) => 31 + index);

    const answers = await Promise.all(seatNos.map((seatNo) => world.hold(userId, scheduleId, seatNo)));

    expect(answers.filter((answer) => answer.status === 201)).toHaveLength(4);
    expect(answers.filter((answer) => answer.status === 409 && answer.body.code === ErrorCode.HOLD_LIMIT_REACHED)).toHaveLength(16);
    const { rows } = await world.sql.query<{ count: number }>(`SELECT count(*)::int AS count FROM reservations WHERE user_id = $1 AND status = 'HELD'`, [
      userId,
    ]);
    expect(rows[0]?.count).toBe(4);
  });

  it('publishes one SeatHeld per hold, once each, with version 1', async () => {
    const { rows } = await world.sql.query<{ id: string }>(`SELECT id FROM reservations`);

    const messages = await world.kafka.readAll(Topics.SeatHeld, { idleMs: 500 });

    const envelopes = messages.map((message) => JSON.parse(message.value ?? '{}') as { eventId: string; payload: { reservationId: string; version: number } });
    expect(envelopes.map((envelope) => envelope.payload.reservationId).sort()).toEqual(rows.map((row) => row.id).sort());
    expect(new Set(envelopes.map((envelope) => envelope.eventId)).size).toBe(rows.length);
    expect(envelopes.every((envelope) => envelope.payload.version === 1)).toBe(true);
    expect(messages.every((message) => rows.some((row) => row.id === message.key))).toBe(true);
  });
});
