import createClient, { type Client } from 'openapi-fetch';
import { answered } from './api-call';
import type { components, paths } from './schema';

type Schemas = components['schemas'];
export type AccessToken = Schemas['AccessTokenResponse'];
export type ConcertSummary = Schemas['ConcertSummaryResponse'];
export type QueueToken = Schemas['QueueTokenResponse'];
export type Schedule = Schemas['ScheduleResponse'];
export type Seat = Schemas['SeatResponse'];
export type SeatMap = Schemas['SeatMapResponse'];
export type Reservation = Schemas['ReservationResponse'];
export type Payment = Schemas['PaymentResponse'];
export type Balance = Schemas['BalanceResponse'];
export type LedgerEntry = Schemas['LedgerEntryResponse'];

/** Signs a buyer in with the dev issuer (a new test user, or the one named). */
export function devSignIn(userId?: string): Promise<AccessToken> {
  const client = createClient<paths>({ baseUrl: location.origin });
  return answered(client.POST('/api/v1/auth/dev-login', { body: userId === undefined ? {} : { userId } }));
}

/** The public concert list (no sign-in needed). */
export function listConcerts(): Promise<ConcertSummary[]> {
  const client = createClient<paths>({ baseUrl: location.origin });
  return answered(client.GET('/api/v1/concerts'));
}

/**
 * The public API as one signed-in buyer calls it (typed from docs/openapi.json). Calls that act in
 * a concert's room take that room's queue token. Every failure is an ApiFailure with the API's code.
 */
export class BuyerApi {
  private readonly client: Client<paths>;

  constructor(accessToken: string) {
    this.client = createClient<paths>({ baseUrl: location.origin, headers: { Authorization: `Bearer ${accessToken}` } });
  }

  joinQueue(concertId: string): Promise<QueueToken> {
    return answered(this.client.POST('/api/v1/queue/tokens', { body: { concertId } }));
  }

  queueToken(queueToken: string): Promise<QueueToken> {
    return answered(this.client.GET('/api/v1/queue/tokens/me', { params: { header: { 'X-Queue-Token': queueToken } } }));
  }

  streamTicket(queueToken: string): Promise<Schemas['StreamTicketResponse']> {
    return answered(this.client.POST('/api/v1/queue/tokens/me/stream-tickets', { params: { header: { 'X-Queue-Token': queueToken } } }));
  }

  schedules(concertId: string, queueToken: string): Promise<Schedule[]> {
    return answered(this.client.GET('/api/v1/concerts/{concertId}/schedules', { params: { path: { concertId }, header: { 'X-Queue-Token': queueToken } } }));
  }

  seatMap(concertId: string, scheduleId: string, queueToken: string): Promise<SeatMap> {
    return answered(
      this.client.GET('/api/v1/concerts/{concertId}/schedules/{scheduleId}/seats', {
        params: { path: { concertId, scheduleId }, header: { 'X-Queue-Token': queueToken } },
      }),
    );
  }

  hold(scheduleId: string, seatNo: number, queueToken: string): Promise<Reservation> {
    return answered(this.client.POST('/api/v1/reservations', { params: { header: { 'X-Queue-Token': queueToken } }, body: { scheduleId, seatNo } }));
  }

  reservation(reservationId: string): Promise<Reservation> {
    return answered(this.client.GET('/api/v1/reservations/{reservationId}', { params: { path: { reservationId } } }));
  }

  cancel(reservationId: string, queueToken: string): Promise<Reservation> {
    return answered(this.client.DELETE('/api/v1/reservations/{reservationId}', { params: { path: { reservationId }, header: { 'X-Queue-Token': queueToken } } }));
  }

  pay(reservationId: string, queueToken: string, idempotencyKey: string): Promise<Payment> {
    return answered(
      this.client.POST('/api/v1/payments', { params: { header: { 'X-Queue-Token': queueToken, 'Idempotency-Key': idempotencyKey } }, body: { reservationId } }),
    );
  }

  reservations(): Promise<Reservation[]> {
    return answered(this.client.GET('/api/v1/users/{userId}/reservations', { params: { path: { userId: 'me' } } }));
  }

  payments(): Promise<Payment[]> {
    return answered(this.client.GET('/api/v1/users/{userId}/payments', { params: { path: { userId: 'me' } } }));
  }

  balance(): Promise<Balance> {
    return answered(this.client.GET('/api/v1/users/{userId}/balance', { params: { path: { userId: 'me' } } }));
  }

  balanceHistory(): Promise<LedgerEntry[]> {
    return answered(this.client.GET('/api/v1/users/{userId}/balance/history', { params: { path: { userId: 'me' } } }));
  }

  charge(amount: number, idempotencyKey: string): Promise<Balance> {
    return answered(
      this.client.POST('/api/v1/users/{userId}/balance/charge', { params: { path: { userId: 'me' }, header: { 'Idempotency-Key': idempotencyKey } }, body: { amount } }),
    );
  }
}
