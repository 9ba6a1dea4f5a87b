import createClient from 'openapi-fetch';
import { waitFor } from '@concert/testing';
import type { paths } from './support/api-types';
import { futureStartsAt } from './support/api-client';
import { startE2eSystem, type E2eSystem } from './support/e2e-system';

const ADMIN_KEY = 'dev-admin-key';

/** The body of a successful answer; anything else fails the test with the status and error body. */
function expectData<T>(operation: string, result: { data?: T; error?: unknown; response: Response }): T {
  if (result.data === undefined) {
    throw new Error(`${operation} answered ${result.response.status}: ${JSON.stringify(result.error)}`);
  }
  return result.data;
}

/**
 * The OpenAPI document tells the truth for generated clients: a client generated from it
 * (openapi-typescript types of docs/openapi.json, which the contract test holds equal to the live
 * /docs-json, used through openapi-fetch) completes a purchase, with no casts.
 */
describe('a client generated from the OpenAPI document', () => {
  let sut: E2eSystem;

  beforeAll(async () => {
    sut = await startE2eSystem({ name: 'typed-client', replicas: 1 });
  });

  afterAll(async () => {
    await sut?.stop();
  });

  it('signs in, queues, holds a seat, charges, pays and sees the reservation CONFIRMED', async () => {
    const anonymous = createClient<paths>({ baseUrl: sut.gatewayUrl });

    // Sign in (dev sign-in: a new user).
    const signIn = await anonymous.POST('/api/v1/auth/dev-login', { body: {} });
    expect(signIn.response.status).toBe(201);
    const { accessToken, tokenType, userId } = expectData('devLogin', signIn);
    expect(tokenType).toBe('Bearer');
    const buyer = createClient<paths>({ baseUrl: sut.gatewayUrl, headers: { Authorization: `Bearer ${accessToken}` } });

    // An organizer creates a concert (admin key).
    const startsAt = futureStartsAt(20);
    const created = await anonymous.POST('/api/v1/admin/concerts', {
      params: { header: { 'X-Admin-Key': ADMIN_KEY } },
      body: { title: 'Typed client live', venue: 'OpenAPI Hall', schedules: [{ startsAt, seatPrice: 80_000, seatPrices: { '7': 120_000 } }] },
    });
    expect(created.response.status).toBe(201);
    const concert = expectData('createConcert', created);
    expect(concert).toMatchObject({ title: 'Typed client live', venue: 'OpenAPI Hall' });
    expect(concert.schedules).toHaveLength(1);
    const [createdSchedule] = concert.schedules;
    if (createdSchedule === undefined) throw new Error('createConcert returned no schedule');
    expect(createdSchedule.totalSeats).toBe(50);
    const { concertId } = concert;

    // Join the concert's waiting room, then poll until admitted.
    const joined = await buyer.POST('/api/v1/queue/tokens', { body: { concertId } });
    expect(joined.response.status).toBe(201);
    const ticket = expectData('joinQueue', joined);
    expect(ticket).toMatchObject({ userId, concertId });
    const queueToken = { 'X-Queue-Token': ticket.token };
    const active = await waitFor(
      async () => {
        const me = expectData('getMyQueueToken', await buyer.GET('/api/v1/queue/tokens/me', { params: { header: queueToken } }));
        return me.status === 'ACTIVE' ? me : false;
      },
      { timeoutMs: 15_000, description: 'queue token ACTIVE' },
    );
    expect(active).toMatchObject({ token: ticket.token, userId, concertId, position: null, estimatedWaitSeconds: 0 });
    expect(active.expiresAt).not.toBeNull();

    // The bookable dates.
    const listed = await buyer.GET('/api/v1/concerts/{concertId}/schedules', { params: { path: { concertId }, header: queueToken } });
    expect(listed.response.status).toBe(200);
    const schedules = expectData('listSchedules', listed);
    expect(schedules).toEqual([
      {
        scheduleId: createdSchedule.scheduleId,
        concertId,
        date: createdSchedule.date,
        startsAt: expect.any(String),
        totalSeats: 50,
        availableSeats: 50,
      },
    ]);
    const [schedule] = schedules;
    if (schedule === undefined) throw new Error('listSchedules returned no schedule');
    expect(Date.parse(schedule.startsAt)).toBe(Date.parse(startsAt));

    // Hold seat 7; reservation-service learns the catalog from concert-service's events, so the
    // very first hold may find the schedule unknown for a moment.
    const reservation = await waitFor(
      async () => {
        const held = await buyer.POST('/api/v1/reservations', {
          params: { header: queueToken },
          body: { scheduleId: schedule.scheduleId, seatNo: 7 },
        });
        if (held.data !== undefined) {
          expect(held.response.status).toBe(201);
          return held.data;
        }
        if (held.response.status === 404 && held.error.code === 'SCHEDULE_NOT_FOUND') return false;
        throw new Error(`holdSeat answered ${held.response.status}: ${JSON.stringify(held.error)}`);
      },
      { timeoutMs: 15_000, description: 'seat held (catalog reached reservation-service)' },
    );
    expect(reservation).toMatchObject({ userId, concertId, scheduleId: schedule.scheduleId, seatNo: 7, price: 120_000, status: 'HELD' });
    expect(Date.parse(reservation.expiresAt)).toBeGreaterThan(Date.now());

    // Charge the wallet.
    const charged = await buyer.POST('/api/v1/users/{userId}/balance/charge', { params: { path: { userId } }, body: { amount: 200_000 } });
    expect(charged.response.status).toBe(200);
    expect(expectData('chargeBalance', charged)).toEqual({ userId, balance: 200_000 });

    // Pay the hold.
    const paid = await buyer.POST('/api/v1/payments', { params: { header: queueToken }, body: { reservationId: reservation.reservationId } });
    expect(paid.response.status).toBe(201);
    const payment = expectData('pay', paid);
    expect(payment).toMatchObject({ reservationId: reservation.reservationId, userId, amount: 120_000, status: 'COMPLETED' });
    expect(Number.isNaN(Date.parse(payment.paidAt))).toBe(false);

    // The saga confirms the reservation within a second or two.
    const confirmed = await waitFor(
      async () => {
        const read = expectData(
          'getReservation',
          await buyer.GET('/api/v1/reservations/{reservationId}', { params: { path: { reservationId: reservation.reservationId } } }),
        );
        return read.status === 'CONFIRMED' ? read : false;
      },
      { timeoutMs: 2_000, description: 'reservation CONFIRMED' },
    );
    expect(confirmed).toEqual({ ...reservation, status: 'CONFIRMED', expiresAt: expect.any(String) });

    const balance = expectData('getBalance', await buyer.GET('/api/v1/users/{userId}/balance', { params: { path: { userId } } }));
    expect(balance).toEqual({ userId, balance: 80_000 });
    const readPayment = expectData('getPayment', await buyer.GET('/api/v1/payments/{paymentId}', { params: { path: { paymentId: payment.paymentId } } }));
    expect(readPayment).toMatchObject({ paymentId: payment.paymentId, amount: 120_000, status: 'COMPLETED' });
  });
});
