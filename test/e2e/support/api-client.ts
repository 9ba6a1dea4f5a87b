import { randomUUID } from 'node:crypto';

export interface ApiResponse<T = unknown> {
  status: number;
  body: T;
  headers: Headers;
}

export interface QueueTokenBody {
  token: string;
  userId: string;
  concertId: string;
  status: 'PRE_QUEUE' | 'WAITING' | 'ACTIVE' | 'EXPIRED';
  position: number | null;
  estimatedWaitSeconds: number;
  expiresAt: string | null;
  opensAt: string | null;
}

export interface AccessTokenBody {
  accessToken: string;
  tokenType: 'Bearer';
  expiresIn: number;
  userId: string;
}

export interface ReservationBody {
  reservationId: string;
  userId: string;
  concertId: string;
  scheduleId: string;
  seatNo: number;
  price: number;
  status: 'HELD' | 'CONFIRMED' | 'EXPIRED' | 'CANCELLED';
  expiresAt: string;
}

export interface PaymentBody {
  paymentId: string;
  reservationId: string;
  userId: string;
  amount: number;
  status: 'COMPLETED' | 'REFUNDED';
  paidAt: string;
}

export interface ErrorBody {
  statusCode: number;
  code: string;
  message: string;
  requestId: string;
}

export interface CallOptions {
  body?: unknown;
  rawBody?: string | Buffer;
  headers?: Record<string, string>;
  /**
   * Who calls: a user id (signed in through dev sign-in on first use), or null for nobody. By
   * default the user the call names: the owner of its X-Queue-Token, of the reservation or
   * payment in its path, or the user of its `/users/{userId}/…` path.
   */
  as?: string | null;
}

/**
 * A black-box client of the public API (shared/API.md), through the gateway only. It signs each
 * user in with dev sign-in the first time it acts for them, and remembers whose queue tokens,
 * reservations and payments it saw, so a test reads as "this user does that".
 */
export class ApiClient {
  private readonly accessTokens = new Map<string, Promise<string>>();
  private readonly owners = new Map<string, string>();
  /** The concert `join` enters when none is named: the last one this client created. */
  defaultConcertId: string | undefined;

  constructor(readonly baseUrl: string, readonly adminKey = 'dev-admin-key') {}

  /** A fresh access token for `userId` from dev sign-in. */
  async signIn(userId?: string): Promise<AccessTokenBody> {
    const response = await this.call<AccessTokenBody>('POST', '/auth/dev-login', { body: userId ? { userId } : {}, as: null });
    if (response.status !== 201) throw new Error(`dev sign-in answered ${response.status}: ${JSON.stringify(response.body)}`);
    return response.body;
  }

  /** The access token this client uses for `userId` (signed in once). */
  accessTokenOf(userId: string): Promise<string> {
    const key = userId.toLowerCase();
    let token = this.accessTokens.get(key);
    if (!token) {
      token = this.signIn(key).then((body) => body.accessToken);
      token.catch(() => this.accessTokens.delete(key));
      this.accessTokens.set(key, token);
    }
    return token;
  }

  /** Records that `id` (a queue token, reservation or payment id) belongs to `userId`. */
  own(id: string, userId: string): void {
    this.owners.set(id, userId.toLowerCase());
  }

  ownerOf(id: string): string | undefined {
    return this.owners.get(id);
  }

  async call<T = unknown>(method: string, path: string, options: CallOptions = {}): Promise<ApiResponse<T>> {
    const headers: Record<string, string> = { ...options.headers };
    const caller = options.as === undefined ? this.callerNamedBy(path, headers) : options.as;
    if (caller !== null && caller !== undefined && headers.authorization === undefined) headers.authorization = `Bearer ${await this.accessTokenOf(caller)}`;
    let body: string | Buffer | undefined;
    if (options.rawBody !== undefined) {
      body = options.rawBody;
      headers['content-type'] ??= 'application/json';
    } else if (options.body !== undefined) {
      body = JSON.stringify(options.body);
      headers['content-type'] = 'application/json';
    }
    const response = await fetch(`${this.baseUrl}/api/v1${path}`, { method, headers, body });
    const text = await response.text();
    let parsed: unknown = text;
    try {
      parsed = text ? JSON.parse(text) : undefined;
    } catch {
      // not JSON (e.g. an event stream)
    }
    this.learnOwners(parsed);
    return { status: response.status, body: parsed as T, headers: response.headers };
  }

  /** The user a call concerns, when it names one (see {@link CallOptions.as}). */
  private callerNamedBy(path: string, headers: Record<string, string>): string | undefined {
    const queueToken = headers['x-queue-token'];
    if (queueToken && this.owners.has(queueToken)) return this.owners.get(queueToken);
    const user = /^\/users\/([0-9a-fA-F-]{36})(?=[/?]|$)/.exec(path)?.[1];
    if (user) return user;
    const id = /^\/(?:reservations|payments)\/([0-9a-fA-F-]{36})(?=[/?]|$)/.exec(path)?.[1];
    return id ? this.owners.get(id.toLowerCase()) : undefined;
  }

  private learnOwners(body: unknown): void {
    for (const item of Array.isArray(body) ? body : [body]) {
      if (typeof item !== 'object' || item === null) continue;
      const { userId, token, reservationId, paymentId } = item as Record<string, unknown>;
      if (typeof userId !== 'string') continue;
      for (const id of [token, reservationId, paymentId]) if (typeof id === 'string') this.own(id, userId);
    }
  }

  async createConcert(schedules: Array<{ startsAt: string; seatPrice: number; seatPrices?: Record<string, number> }>, title = `Concert ${randomUUID().slice(0, 8)}`) {
    const created = await this.call<{ concertId: string; schedules: Array<{ scheduleId: string; startsAt: string }> }>('POST', '/admin/concerts', {
      headers: { 'x-admin-key': this.adminKey },
      body: { title, venue: 'Olympic Hall, Seoul', schedules },
      as: null,
    });
    if (created.status === 201) this.defaultConcertId = created.body.concertId;
    return created;
  }

  /** `userId` joins the room of `concertId` (by default the last concert this client created). */
  join(userId: string, concertId = this.defaultConcertId) {
    if (!concertId) throw new Error('join needs a concert: create one first or name it');
    return this.call<QueueTokenBody>('POST', '/queue/tokens', { body: { concertId }, as: userId });
  }

  me(token: string) {
    return this.call<QueueTokenBody>('GET', '/queue/tokens/me', { headers: { 'x-queue-token': token } });
  }

  /** Joins and polls until ACTIVE; returns the token. */
  async admitted(userId: string, timeoutMs = 15_000, concertId = this.defaultConcertId): Promise<string> {
    const joined = await this.join(userId, concertId);
    if (joined.status !== 201 && joined.status !== 200) throw new Error(`join answered ${joined.status}: ${JSON.stringify(joined.body)}`);
    const { token } = joined.body;
    const deadline = Date.now() + timeoutMs;
    let status = joined.body.status;
    while (status !== 'ACTIVE') {
      if (Date.now() > deadline) throw new Error(`user ${userId} not admitted within ${timeoutMs} ms (status ${status})`);
      await new Promise((resolve) => setTimeout(resolve, 100));
      status = (await this.me(token)).body.status;
    }
    return token;
  }

  schedules(token: string, concertId: string) {
    return this.call<Array<{ scheduleId: string; availableSeats: number; date: string }>>('GET', `/concerts/${concertId}/schedules`, {
      headers: { 'x-queue-token': token },
    });
  }

  seats(token: string, concertId: string, scheduleId: string) {
    return this.call<{ scheduleId: string; seats: Array<{ seatNo: number; price: number; status: string }> }>(
      'GET',
      `/concerts/${concertId}/schedules/${scheduleId}/seats`,
      { headers: { 'x-queue-token': token } },
    );
  }

  hold(token: string, scheduleId: string, seatNo: number) {
    return this.call<ReservationBody>('POST', '/reservations', { headers: { 'x-queue-token': token }, body: { scheduleId, seatNo } });
  }

  cancel(token: string, reservationId: string) {
    return this.call<ReservationBody>('DELETE', `/reservations/${reservationId}`, { headers: { 'x-queue-token': token } });
  }

  /** A reservation, read by its owner (as far as this client knows) or by `as`. */
  reservation(reservationId: string, as?: string) {
    return this.call<ReservationBody>('GET', `/reservations/${reservationId}`, { as });
  }

  charge(userId: string, amount: unknown, idempotencyKey?: string) {
    return this.call<{ userId: string; balance: number }>('POST', `/users/${userId}/balance/charge`, {
      body: { amount },
      headers: idempotencyKey ? { 'idempotency-key': idempotencyKey } : {},
    });
  }

  balance(userId: string) {
    return this.call<{ userId: string; balance: number }>('GET', `/users/${userId}/balance`);
  }

  history(userId: string) {
    return this.call<Array<{ type: string; amount: number; balanceAfter: number; at: string }>>('GET', `/users/${userId}/balance/history`);
  }

  pay(token: string, reservationId: string, idempotencyKey?: string) {
    return this.call<PaymentBody>('POST', '/payments', {
      headers: { 'x-queue-token': token, ...(idempotencyKey ? { 'idempotency-key': idempotencyKey } : {}) },
      body: { reservationId },
    });
  }

  /** A payment, read by its owner (as far as this client knows) or by `as`. */
  payment(paymentId: string, as?: string) {
    return this.call<PaymentBody>('GET', `/payments/${paymentId}`, { as });
  }

  payments(userId: string) {
    return this.call<PaymentBody[]>('GET', `/users/${userId}/payments`);
  }
}

/** ISO-8601 with the venue's offset, `days` from now at 19:00 KST. */
export function futureStartsAt(days: number): string {
  const date = new Date(Date.now() + days * 86_400_000);
  const kst = new Date(date.getTime() + 9 * 3_600_000);
  return `${kst.toISOString().slice(0, 10)}T19:00:00+09:00`;
}
