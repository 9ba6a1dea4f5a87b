/**
 * The steady purchase load of a chaos run: buyers who behave as a patient client would. Each one
 * signs in, joins the room, follows its place, holds a free seat, charges its balance with the
 * seat's price, pays and waits for the confirmation, then starts again as a new user. A 503 or a
 * refused connection is tried again after a pause (the same Idempotency-Key for charge and pay),
 * so a fault delays a purchase but never makes a buyer give up or pay twice.
 *
 * What the buyers see is the evidence of the run: every status code, every place they were given
 * and lost, every payment that answered 201 (checked against the databases afterwards).
 */
import { randomUUID } from 'node:crypto';
import { Pool } from 'undici';

export interface BuyerLoadStats {
  requests: number;
  /** Status code → count; 0 counts connections refused or reset before an answer. */
  statuses: Map<number, number>;
  /** Payments that answered 201: reservation id → payment id. */
  paid: Map<string, string>;
  /** Purchases whose confirmation a buyer saw (GET /reservations/{id} CONFIRMED). */
  confirmedSeen: number;
  /** A live place read as unknown or expired before its user paid, or a position that went back. */
  placesLost: string[];
  /** Queue tokens handed out (joins answered 201). */
  joins: number;
  /** Answers the contract does not allow at that step (a 500, a 4xx where none can be). */
  unexpected: string[];
}

export interface BuyerLoad {
  readonly stats: BuyerLoadStats;
  /** Stops every buyer after what it is doing now; resolves when all have stopped. */
  stop(): Promise<void>;
}

interface Answer<T> {
  status: number;
  body: T;
}

interface Place {
  token: string;
  status: string;
  position: number | null;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const RETRY_PAUSE_MS = 500;

export interface ChaosConcert {
  concertId: string;
  scheduleIds: readonly string[];
}

export function startBuyers(options: { gatewayUrl: string; concerts: readonly ChaosConcert[]; buyers: number }): BuyerLoad {
  const pool = new Pool(options.gatewayUrl, { connections: options.buyers * 2, pipelining: 1 });
  const stats: BuyerLoadStats = { requests: 0, statuses: new Map(), paid: new Map(), confirmedSeen: 0, placesLost: [], joins: 0, unexpected: [] };
  let stopping = false;
  /** Per concert, the schedules that still had a free seat when a buyer last looked. */
  const open = new Map(options.concerts.map((concert) => [concert.concertId, new Set(concert.scheduleIds)]));
  /** A concert with a schedule left, the first in the list first: one room fills at a time. */
  const concertToBuy = (): string | undefined => [...open.entries()].find(([, schedules]) => schedules.size > 0)?.[0];

  const call = async <T>(method: 'GET' | 'POST', path: string, headers: Record<string, string>, body?: unknown): Promise<Answer<T>> => {
    stats.requests += 1;
    try {
      const response = await pool.request({
        method,
        path: `/api/v1${path}`,
        headers: body === undefined ? headers : { ...headers, 'content-type': 'application/json' },
        body: body === undefined ? undefined : JSON.stringify(body),
        headersTimeout: 15_000,
        bodyTimeout: 15_000,
      });
      const text = await response.body.text();
      stats.statuses.set(response.statusCode, (stats.statuses.get(response.statusCode) ?? 0) + 1);
      let parsed: unknown;
      try {
        parsed = text ? JSON.parse(text) : undefined;
      } catch {
        parsed = text;
      }
      return { status: response.statusCode, body: parsed as T };
    } catch {
      stats.statuses.set(0, (stats.statuses.get(0) ?? 0) + 1);
      return { status: 0, body: undefined as T };
    }
  };

  const codeOf = (body: unknown): string => {
    const code = typeof body === 'object' && body !== null ? (body as { code?: unknown }).code : undefined;
    return typeof code === 'string' ? code : '';
  };

  /**
   * Calls until the answer is not a 503, a dropped connection or a 409 IDEMPOTENCY_KEY_IN_PROGRESS
   * (a charge or payment whose first attempt died with its database is claimed for
   * IDEMPOTENCY_KEY_STALE_SECONDS; the same key then runs once), or the run stops.
   */
  const patiently = async <T>(method: 'GET' | 'POST', path: string, headers: Record<string, string>, body?: unknown): Promise<Answer<T> | undefined> => {
    for (;;) {
      const answer = await call<T>(method, path, headers, body);
      const retry = answer.status === 503 || answer.status === 502 || answer.status === 0 || (answer.status === 409 && codeOf(answer.body) === 'IDEMPOTENCY_KEY_IN_PROGRESS');
      if (!retry) return answer;
      if (stopping) return undefined;
      await sleep(RETRY_PAUSE_MS);
    }
  };


  /** Follows the place until ACTIVE; undefined when the run stops first or the place is lost. */
  const admitted = async (auth: Record<string, string>, first: Place): Promise<Place | undefined> => {
    let place = first;
    while (place.status !== 'ACTIVE') {
      if (stopping) return undefined;
      await sleep(300);
      const answer = await patiently<Place & { code?: string }>('GET', '/queue/tokens/me', { ...auth, 'x-queue-token': place.token });
      if (!answer) return undefined;
      if (answer.status !== 200 || answer.body.status === 'EXPIRED') {
        stats.placesLost.push(`${place.status} token read as ${answer.status} ${codeOf(answer.body) || answer.body.status}`);
        return undefined;
      }
      if (place.position !== null && answer.body.position !== null && answer.body.position > place.position) {
        stats.placesLost.push(`position went back from ${place.position} to ${answer.body.position}`);
      }
      place = { token: place.token, status: answer.body.status, position: answer.body.position };
    }
    return place;
  };

  /** A seat that showed free, and its schedule; undefined when every schedule is sold out. */
  const freeSeat = async (concertId: string, headers: Record<string, string>): Promise<{ scheduleId: string; seatNo: number } | undefined> => {
    const schedules = open.get(concertId) ?? new Set<string>();
    while (schedules.size > 0 && !stopping) {
      const candidates = [...schedules];
      const scheduleId = candidates[Math.floor(Math.random() * candidates.length)];
      const answer = await patiently<{ seats: Array<{ seatNo: number; status: string }> }>('GET', `/concerts/${concertId}/schedules/${scheduleId}/seats`, headers);
      if (!answer) return undefined;
      if (answer.status !== 200) throw new Error(`seat map answered ${answer.status} ${codeOf(answer.body)}`);
      const free = answer.body.seats.filter((seat) => seat.status === 'AVAILABLE');
      if (free.length === 0) {
        schedules.delete(scheduleId);
        continue;
      }
      return { scheduleId, seatNo: (free[Math.floor(Math.random() * free.length)] as { seatNo: number }).seatNo };
    }
    return undefined;
  };

  const purchase = async (): Promise<boolean> => {
    const signedIn = await patiently<{ accessToken: string; userId: string }>('POST', '/auth/dev-login', {}, {});
    if (!signedIn || signedIn.status !== 201) return !stopping && signedIn !== undefined;
    const auth = { authorization: `Bearer ${signedIn.body.accessToken}` };
    const concertId = concertToBuy();
    if (!concertId) return false;
    const joined = await patiently<Place>('POST', '/queue/tokens', auth, { concertId });
    if (!joined) return false;
    if (joined.status !== 201 && joined.status !== 200) throw new Error(`join answered ${joined.status} ${codeOf(joined.body)}`);
    stats.joins += 1;
    const place = await admitted(auth, { token: joined.body.token, status: joined.body.status, position: joined.body.position });
    if (!place) return !stopping;
    const headers = { ...auth, 'x-queue-token': place.token };

    let reservation: { reservationId: string; price: number } | undefined;
    while (!reservation) {
      const seat = await freeSeat(concertId, headers);
      if (!seat) return false;
      const hold = await patiently<{ reservationId: string; price: number }>('POST', '/reservations', headers, seat);
      if (!hold) return false;
      if (hold.status === 201) reservation = hold.body;
      else if (hold.status !== 409) throw new Error(`hold answered ${hold.status} ${codeOf(hold.body)}`);
    }
    const chargeKey = randomUUID();
    const charged = await patiently('POST', '/users/me/balance/charge', { ...auth, 'idempotency-key': chargeKey }, { amount: reservation.price });
    if (!charged) return false;
    if (charged.status !== 200) throw new Error(`charge answered ${charged.status} ${codeOf(charged.body)}`);
    const payKey = randomUUID();
    const paid = await patiently<{ paymentId: string }>('POST', '/payments', { ...headers, 'idempotency-key': payKey }, { reservationId: reservation.reservationId });
    if (!paid) return false;
    if (paid.status === 409 && codeOf(paid.body) === 'RESERVATION_EXPIRED') return true; // the hold ran out during a long fault: nothing was debited
    if (paid.status !== 201) throw new Error(`pay answered ${paid.status} ${codeOf(paid.body)}`);
    stats.paid.set(reservation.reservationId, paid.body.paymentId);
    // The saga confirms asynchronously: a buyer watches its reservation for a while, then moves on
    // (the run's settle phase checks every paid reservation in the databases).
    const watchUntil = Date.now() + 20_000;
    while (Date.now() < watchUntil && !stopping) {
      const read = await call<{ status: string }>('GET', `/reservations/${reservation.reservationId}`, auth);
      if (read.status === 200 && read.body.status === 'CONFIRMED') {
        stats.confirmedSeen += 1;
        break;
      }
      await sleep(250);
    }
    return true;
  };

  const loops = Array.from({ length: options.buyers }, async () => {
    while (!stopping) {
      try {
        if (!(await purchase())) return;
      } catch (error) {
        // Keep buying: the answer is reported with the run's table.
        stats.unexpected.push(error instanceof Error ? error.message : String(error));
        await sleep(RETRY_PAUSE_MS);
      }
    }
  });

  return {
    stats,
    async stop() {
      stopping = true;
      await Promise.all(loops);
      await pool.close();
    },
  };
}
