import { randomUUID } from 'node:crypto';
import { ErrorCode, Topics } from '@concert/contracts';
import { ReservationServiceWorld, seatsOneTo, users } from '../testing/reservation-service.fixture';

/**
 * The room of the caller's queue token, behind the gateway's own check: a hold or a cancel made
 * with a token of another concert's waiting room than the reservation's is refused (403
 * QUEUE_TOKEN_WRONG_ROOM) and changes nothing. Two instances, real Postgres and Kafka.
 */
describe('queue token of another concert’s room', () => {
  let world: ReservationServiceWorld;
  let concertId: string;
  let scheduleId: string;
  let otherConcertId: string;

  beforeAll(async () => {
    world = await ReservationServiceWorld.start({ instances: 2 });
    ({ concertId, scheduleId } = await world.publishSchedule(seatsOneTo(10, 70_000)));
    ({ concertId: otherConcertId } = await world.publishSchedule(seatsOneTo(10, 70_000)));
  });

  afterAll(async () => {
    await world?.stop();
  });

  async function rowsOf(seatNo: number): Promise<Array<{ id: string; user_id: string; status: string; version: number }>> {
    const { rows } = await world.sql.query<{ id: string; user_id: string; status: string; version: number }>(
      'SELECT id, user_id, status, version FROM reservations WHERE schedule_id = $1 AND seat_no = $2 ORDER BY created_at',
      [scheduleId, seatNo],
    );
    return rows;
  }

  /** The events written about a reservation (the outbox: what will reach Kafka, sent or not). */
  async function outboxTopicsOf(reservationId: string): Promise<string[]> {
    const { rows } = await world.sql.query<{ topic: string }>('SELECT topic FROM outbox WHERE message_key = $1 ORDER BY created_at', [reservationId]);
    return rows.map((row) => row.topic);
  }

  describe('POST /api/v1/reservations', () => {
    it('answers 403 QUEUE_TOKEN_WRONG_ROOM and holds nothing: the seat stays free for a buyer of its room', async () => {
      const [intruder, buyer] = users(2) as [string, string];

      const refused = await world.hold(intruder, scheduleId, 1, 0, otherConcertId);

      expect(refused).toMatchObject({ status: 403, body: { statusCode: 403, code: ErrorCode.QUEUE_TOKEN_WRONG_ROOM, requestId: expect.any(String) } });
      await expect(rowsOf(1)).resolves.toEqual([]);
      const { rows } = await world.sql.query<{ count: number }>('SELECT count(*)::int AS count FROM reservations WHERE user_id = $1', [intruder]);
      expect(rows[0]?.count).toBe(0);

      const held = await world.hold(buyer, scheduleId, 1, 1, concertId);
      expect(held).toMatchObject({ status: 201, body: { userId: buyer, concertId, scheduleId, seatNo: 1, status: 'HELD' } });
    });

    it('answers 404 SCHEDULE_NOT_FOUND before the room, and the room before SEAT_NOT_FOUND', async () => {
      const [userId] = users(1) as [string];

      await expect(world.hold(userId, randomUUID(), 1, 0, otherConcertId)).resolves.toMatchObject({ status: 404, body: { code: ErrorCode.SCHEDULE_NOT_FOUND } });
      await expect(world.hold(userId, scheduleId, 45, 0, otherConcertId)).resolves.toMatchObject({ status: 403, body: { code: ErrorCode.QUEUE_TOKEN_WRONG_ROOM } });
    });

    it('checks nothing for a caller without a queue token, and accepts the concert id in any case', async () => {
      const [userId, other] = users(2) as [string, string];

      await expect(world.hold(userId, scheduleId, 2)).resolves.toMatchObject({ status: 201 });
      await expect(world.hold(other, scheduleId, 3, 0, concertId.toUpperCase())).resolves.toMatchObject({ status: 201 });
    });
  });

  describe('DELETE /api/v1/reservations/:id', () => {
    it('answers 403 QUEUE_TOKEN_WRONG_ROOM to the owner with another room’s token: the reservation stays HELD, no HoldCancelled', async () => {
      const [owner] = users(1) as [string];
      const held = await world.hold(owner, scheduleId, 5, 0, concertId);
      const reservationId = String(held.body['reservationId']);

      const refused = await world.call('DELETE', `/api/v1/reservations/${reservationId}`, { userId: owner, queueConcertId: otherConcertId });

      expect(refused).toMatchObject({ status: 403, body: { code: ErrorCode.QUEUE_TOKEN_WRONG_ROOM } });
      await expect(rowsOf(5)).resolves.toEqual([{ id: reservationId, user_id: owner, status: 'HELD', version: 1 }]);
      await expect(world.call('GET', `/api/v1/reservations/${reservationId}`, { userId: owner })).resolves.toMatchObject({ status: 200, body: { status: 'HELD' } });
      await expect(world.hold(randomUUID(), scheduleId, 5, 1, concertId)).resolves.toMatchObject({ status: 409, body: { code: ErrorCode.SEAT_UNAVAILABLE } });
      await expect(outboxTopicsOf(reservationId)).resolves.toEqual([Topics.SeatHeld]);

      await expect(world.call('DELETE', `/api/v1/reservations/${reservationId}`, { userId: owner, queueConcertId: concertId })).resolves.toMatchObject({
        status: 200,
        body: { reservationId, status: 'CANCELLED' },
      });
    });

    it('answers 404 before the room, and the room before ownership', async () => {
      const [owner, stranger] = users(2) as [string, string];
      const held = await world.hold(owner, scheduleId, 6, 0, concertId);
      const reservationId = String(held.body['reservationId']);

      await expect(world.call('DELETE', `/api/v1/reservations/${randomUUID()}`, { userId: stranger, queueConcertId: otherConcertId })).resolves.toMatchObject({
        status: 404,
        body: { code: ErrorCode.RESERVATION_NOT_FOUND },
      });
      await expect(world.call('DELETE', `/api/v1/reservations/${reservationId}`, { userId: stranger, queueConcertId: otherConcertId })).resolves.toMatchObject({
        status: 403,
        body: { code: ErrorCode.QUEUE_TOKEN_WRONG_ROOM },
      });
      await expect(world.call('DELETE', `/api/v1/reservations/${reservationId}`, { userId: stranger, queueConcertId: concertId })).resolves.toMatchObject({
        status: 403,
        body: { code: ErrorCode.RESERVATION_NOT_OWNED },
      });
      await expect(rowsOf(6)).resolves.toEqual([{ id: reservationId, user_id: owner, status: 'HELD', version: 1 }]);
      await expect(outboxTopicsOf(reservationId)).resolves.toEqual([Topics.SeatHeld]);
    });
  });
});
