import { randomUUID } from 'node:crypto';

export interface ApiResponse<T = unknown> {
  status: number;
  body: T;
  headers: Headers;
}

export interface QueueTokenBody {
  token: string;
  userId: string;
  status: 'WAITING' | 'ACTIVE' | 'EXPIRED';
  position: number | null;
  estimatedWaitSeconds: number;
  expiresAt: string | null;
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

/** A black-box client of the public API (shared/API.md), through the gateway only. */
export class ApiClient {
  constructor(readonly baseUrl: string, readonly adminKey = 'dev-admin-key') {}

  async call<T = unknown>(method: string, path: string, options: { body?: unknown; rawBody?: string | Buffer; headers?: Record<string, string> } = {}): Promise<ApiResponse<T>> {
    const headers: Record<string, string> = { ...options.headers };
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
    return { status: response.status, body: parsed as T, headers: response.headers };
  }

  createConcert(schedules: Array<{ startsAt: string; seatPrice: number; seatPrices?: Record<string, number> }>, title = `Concert ${randomUUID().slice(0, 8)}`) {
    return this.call<{ concertId: string; schedules: Array<{ scheduleId: string; startsAt: string }> }>('POST', '/admin/concerts', {
      headers: { 'x-admin-key': this.adminKey },
      body: { title, venue: 'Olympic Hall, Seoul', schedules },
    });
  }

  join(userId: string) {
    return this.call<QueueTokenBody>('POST', '/queue/tokens', { body: { userId } });
  }

  me(token: string) {
    return this.call<QueueTokenBody>('GET', '/queue/tokens/me', { headers: { 'x-queue-token': token } });
  }

  /** Joins and polls until ACTIVE; returns the token. */
  async admitted(userId: string, timeoutMs = 15_000): Promise<string> {
    const joined = await this.join(userId);
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

  reservation(reservationId: string) {
    return this.call<ReservationBody>('GET', `/reservations/${reservationId}`);
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

  payment(paymentId: string) {
    return this.call<PaymentBody>('GET', `/payments/${paymentId}`);
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
