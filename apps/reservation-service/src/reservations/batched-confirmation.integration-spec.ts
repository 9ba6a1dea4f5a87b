import { randomUUID } from 'node:crypto';
import { type EventEnvelope, type PaymentCompleted, Topics } from '@concert/contracts';
import { type EventContext, SagaBatchContext } from '@concert/platform';
import { getDataSourceToken } from '@nestjs/typeorm';
import type { DataSource, EntityManager } from 'typeorm';
import { PaymentCompletedConsumer } from './infrastructure/messaging/payment-completed.consumer';
import { ReservationServiceWorld, seatsOneTo, ShiftedClock, users } from '../testing/reservation-service.fixture';

/**
 * PaymentCompletedConsumer against real Postgres: a partition batch of confirmations
 * in three statements has exactly the effect of handling its events one at a time — the same
 * reservation states, the same outbox events in the same order.
 */
describe('a batch of payment confirmations in one transaction', () => {
  const clock = new ShiftedClock();
  let world: ReservationServiceWorld;
  let scheduleId: string;
  let consumer: PaymentCompletedConsumer;
  let dataSource: DataSource;
  let nextSeat = 1;

  beforeAll(async () => {
    // No sweeper: the overdue hold must still be HELD when its late payment arrives.
    world = await ReservationServiceWorld.start({ instances: 1, clock, env: { RESERVATION_HOLD_SECONDS: '300', RESERVATION_EXPIRY_SWEEPER_ENABLED: 'false' } });
    ({ scheduleId } = await world.publishSchedule(seatsOneTo(40, 90_000)));
    const app = world.instances[0]?.app;
    if (!app) throw new Error('no instance');
    consumer = app.get(PaymentCompletedConsumer);
    dataSource = app.get<DataSource>(getDataSourceToken());
  });

  afterAll(async () => {
    await world?.stop();
  });

  async function hold(): Promise<{ reservationId: string; userId: string }> {
    const [userId] = users(1) as [string];
    const held = await world.hold(userId, scheduleId, nextSeat++);
    expect(held.status).toBe(201);
    return { reservationId: String(held.body['reservationId']), userId };
  }

  function paymentOf(reservation: { reservationId: string; userId: string }, paidAt = clock.now()): EventEnvelope<PaymentCompleted> {
    return {
      eventId: randomUUID(),
      eventType: Topics.PaymentCompleted,
      occurredAt: paidAt.toISOString(),
      payload: { paymentId: randomUUID(), reservationId: reservation.reservationId, userId: reservation.userId, amount: 90_000, paidAt: paidAt.toISOString(), queueTokenId: null },
    };
  }

  /**
   * Five kinds of confirmation: two in time, a second payment of one of them, a reservation that
   * does not exist, and a payment made after its hold ran out (the hold is held first and the
   * clock moved past it, so the others are fresh).
   */
  async function scenario(): Promise<{ events: Array<EventEnvelope<PaymentCompleted>>; ids: string[] }> {
    const late = await hold();
    clock.advanceSeconds(301);
    const first = await hold();
    const second = await hold();
    const unknown = { reservationId: randomUUID(), userId: randomUUID() };
    const events = [paymentOf(first), paymentOf(second), paymentOf(first), paymentOf(unknown), paymentOf(late, clock.now())];
    return { events, ids: [first.reservationId, second.reservationId, unknown.reservationId, late.reservationId] };
  }

  function contextOf(manager: EntityManager, offset: number, committed: string[], eventId: string): EventContext {
    return { manager, topic: Topics.PaymentCompleted, partition: 0, offset: String(offset), requestId: `req-${offset}`, afterCommit: () => void committed.push(eventId) };
  }

  /** What the transaction left behind: reservation states and outbox events, in publishing order, with ids made relative. */
  async function outcome(ids: string[], since: Date): Promise<{ reservations: string[]; events: string[] }> {
    const name = (id: unknown): string => (ids.indexOf(String(id)) >= 0 ? `r${ids.indexOf(String(id))}` : String(id));
    const { rows: reservations } = await world.sql.query<{ id: string; status: string; version: number }>(
      `SELECT id, status, version FROM reservations WHERE id = ANY($1)`,
      [ids],
    );
    const { rows: events } = await world.sql.query<{ topic: string; payload: Record<string, unknown> }>(
      `SELECT topic, payload FROM outbox WHERE created_at >= $1 AND payload->>'reservationId' = ANY($2) ORDER BY created_at`,
      [since, ids],
    );
    return {
      reservations: reservations.map((row) => `${name(row.id)} ${row.status} v${row.version}`).sort(),
      events: events.map(({ topic, payload }) => [topic, name(payload['reservationId']), payload['reason']].filter((part) => typeof part === 'string').join(' ')),
    };
  }

  it('has the effect of handling each event in turn, in three statements', async () => {
    // One at a time, each as a batch of one, in the same kind of transaction.
    const oneByOne = await scenario();
    const sinceOneByOne = new Date();
    await dataSource.transaction(async (manager) => {
      for (const [index, event] of oneByOne.events.entries()) await consumer.handle([event], new SagaBatchContext([contextOf(manager, index, [], event.eventId)]));
    });
    const expected = await outcome(oneByOne.ids, sinceOneByOne);
    expect(expected).toEqual({
      reservations: ['r0 CONFIRMED v2', 'r1 CONFIRMED v2', 'r3 EXPIRED v2'],
      events: [
        `${Topics.ReservationConfirmed} r0`,
        `${Topics.ReservationConfirmed} r1`,
        `${Topics.ReservationConfirmationFailed} r0 ALREADY_CONFIRMED`,
        `${Topics.ReservationConfirmationFailed} r2 NOT_FOUND`,
        `${Topics.HoldExpired} r3`,
        `${Topics.ReservationConfirmationFailed} r3 EXPIRED`,
      ],
    });

    // The same scenario as one batch.
    const batched = await scenario();
    const sinceBatch = new Date();
    const committed: string[] = [];
    let statements = 0;
    await dataSource.transaction(async (manager) => {
      const query = manager.query.bind(manager);
      jest.spyOn(manager, 'query').mockImplementation((sql: string, parameters?: unknown[]) => {
        statements++;
        return query(sql, parameters);
      });
      const contexts = batched.events.map((event, index) => contextOf(manager, index, committed, event.eventId));
      await consumer.handle(batched.events, new SagaBatchContext(contexts));
    });

    expect(await outcome(batched.ids, sinceBatch)).toEqual(expected);
    // Lock and read, update, outbox.
    expect(statements).toBe(3);
    expect(committed).toEqual(batched.events.map((event) => event.eventId));
  });
});
