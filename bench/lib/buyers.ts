/**
 * What every benchmark does as a buyer or an organiser through the gateway. A buyer signs in
 * (dev sign-in) before the part of a run that is timed, and sends its bearer on every request;
 * the user of a call is always the access token's subject.
 */
import { randomUUID } from 'node:crypto';
import type { Dispatcher } from 'undici';
import { type BenchHttp, mapConcurrent } from './http';
import { feedOf, type RequestFeed } from './load';

export const ADMIN = { 'x-admin-key': 'dev-admin-key' };

/** `Authorization: Bearer <access token>`: who the caller is, on every call but the public ones. */
export type IdentityHeaders = { authorization: string };
/** Identity and the caller's own queue token: protected calls, the token's status and its event stream. */
export type QueueHeaders = IdentityHeaders & { 'x-queue-token': string };

/** A simulated buyer, signed in. */
export interface Buyer {
  userId: string;
  auth: IdentityHeaders;
  /** When the access token runs out (epoch ms, counted from just before the sign-in). */
  expiresAt: number;
}

/** A buyer holding a live queue token in a concert's waiting room. */
export interface QueuedBuyer extends Buyer {
  token: string;
  headers: QueueHeaders;
}

/** A show date `days` from now, 19:00 in Seoul. */
export function startsAt(days: number): string {
  const kst = new Date(Date.now() + days * 86_400_000 + 9 * 3_600_000);
  return `${kst.toISOString().slice(0, 10)}T19:00:00+09:00`;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** A concert of `schedules` dates (10,000 won a seat) through the admin API; its waiting room takes joins at once. */
export async function createConcert(http: BenchHttp, schedules: number, title = `Bench ${randomUUID().slice(0, 8)}`): Promise<{ concertId: string; scheduleIds: string[] }> {
  const scheduleIds: string[] = [];
  let concertId = '';
  // The admin API takes at most 100 schedules per concert.
  for (let created = 0; created < schedules; created += 100) {
    const count = Math.min(100, schedules - created);
    const response = await http.call<{ concertId: string; schedules: Array<{ scheduleId: string }> }>(
      'POST',
      '/admin/concerts',
      { title, venue: 'Bench Hall', schedules: Array.from({ length: count }, (_, i) => ({ startsAt: startsAt(7 + created + i), seatPrice: 10_000 })) },
      ADMIN,
    );
    if (response.status !== 201) throw new Error(`admin create answered ${response.status}: ${JSON.stringify(response.body)}`);
    concertId ||= response.body.concertId;
    scheduleIds.push(...response.body.schedules.map((schedule) => schedule.scheduleId));
  }
  return { concertId, scheduleIds };
}

/** Dev sign-in as `userId`, or as a new user when absent. */
export async function signIn(http: BenchHttp, userId?: string): Promise<Buyer> {
  const askedAt = Date.now();
  const response = await http.call<{ accessToken: string; expiresIn: number; userId: string }>('POST', '/auth/dev-login', userId === undefined ? {} : { userId });
  if (response.status !== 201) throw new Error(`dev sign-in answered ${response.status}: ${JSON.stringify(response.body)}`);
  const { accessToken, expiresIn } = response.body;
  return { userId: response.body.userId, auth: { authorization: `Bearer ${accessToken}` }, expiresAt: askedAt + expiresIn * 1000 };
}

/**
 * How many buyers to sign in for a load that spends one per request, runs `seconds` (its warm-up
 * included) and cannot pass `ratePerSecond` (a rate measured in the same run): 1.5 times what that
 * rate would use, for this VM's speed drifts by ±30 % within minutes. A load that runs out anyway
 * stops and counts errors (runLoad's feed).
 */
export function buyersFor(ratePerSecond: number, seconds: number): number {
  return Math.ceil(1.5 * ratePerSecond * seconds);
}

/** `count` new users, signed in `concurrency` at a time: a run's buyers, before what it times. */
export function signInMany(http: BenchHttp, count: number, concurrency = 100): Promise<Buyer[]> {
  return mapConcurrent(Array.from({ length: count }, (_, i) => i), concurrency, () => signIn(http));
}

/** The buyer, signed in again (same user, same queue token) if its access token would run out within `forMs`. */
export async function keepSignedIn(http: BenchHttp, buyer: QueuedBuyer, forMs: number): Promise<QueuedBuyer> {
  return buyer.expiresAt - Date.now() > forMs ? buyer : holding(await signIn(http, buyer.userId), buyer.token);
}

function holding(buyer: Buyer, token: string): QueuedBuyer {
  return { userId: buyer.userId, auth: buyer.auth, expiresAt: buyer.expiresAt, token, headers: { ...buyer.auth, 'x-queue-token': token } };
}

/** The buyer joins the concert's waiting room: a new place (`created`), or the one it already holds there. */
export async function joinQueue(http: BenchHttp, concertId: string, buyer: Buyer): Promise<{ queued: QueuedBuyer; created: boolean; status: string; position: number | null }> {
  const joined = await http.call<{ token: string; status: string; position: number | null }>('POST', '/queue/tokens', { concertId }, buyer.auth);
  if (joined.status !== 201 && joined.status !== 200) throw new Error(`queue join answered ${joined.status}: ${JSON.stringify(joined.body)}`);
  return { queued: holding(buyer, joined.body.token), created: joined.status === 201, status: joined.body.status, position: joined.body.position };
}

/**
 * Joins the concert's waiting room and polls until admitted (the room must have free active
 * slots). `buyer` was signed in ahead; without one, a new user signs in first (set-up, not timed).
 */
export async function activeToken(http: BenchHttp, concertId: string, buyer?: Buyer): Promise<QueuedBuyer> {
  const joined = await joinQueue(http, concertId, buyer ?? (await signIn(http)));
  const { queued } = joined;
  let status = joined.status;
  for (let attempt = 0; status !== 'ACTIVE'; attempt++) {
    if (attempt >= 200) throw new Error(`queue token still ${status} after 10 s`);
    await sleep(50);
    status = (await http.call<{ status: string }>('GET', '/queue/tokens/me', undefined, queued.headers)).body.status;
  }
  return queued;
}

/**
 * Joins the concert's waiting room and, while not admitted, listens to the token's event stream
 * (Server-Sent Events) until it reads ACTIVE — a crowd's buyer, who costs the system one open
 * stream instead of a poll every few milliseconds. `streams` holds the stream connections (one
 * per waiting buyer).
 */
export async function admittedToken(http: BenchHttp, streams: Dispatcher, concertId: string, buyer: Buyer): Promise<QueuedBuyer> {
  const { queued, status: joinedAs } = await joinQueue(http, concertId, buyer);
  if (joinedAs === 'ACTIVE') return queued;
  await activeOnStream(streams, queued);
  return queued;
}

/** Reads the buyer's token event stream until it says ACTIVE; resolves at that moment (EXPIRED or an ended stream rejects). */
export async function activeOnStream(streams: Dispatcher, queued: QueuedBuyer): Promise<void> {
  const response = await streams.request({
    method: 'GET',
    path: '/api/v1/queue/tokens/me/events',
    headers: { ...queued.headers, accept: 'text/event-stream' },
    bodyTimeout: 0,
  });
  if (response.statusCode !== 200) throw new Error(`event stream answered ${response.statusCode}: ${await response.body.text()}`);
  let buffered = '';
  try {
    for await (const chunk of response.body) {
      buffered += String(chunk);
      for (let end = buffered.indexOf('\n\n'); end >= 0; end = buffered.indexOf('\n\n')) {
        const event = buffered.slice(0, end);
        buffered = buffered.slice(end + 2);
        const data = event.split('\n').find((line) => line.startsWith('data: '));
        if (!data) continue;
        const status = (JSON.parse(data.slice('data: '.length)) as { status: string }).status;
        if (status === 'ACTIVE') return;
        if (status === 'EXPIRED') throw new Error('queue token expired while waiting');
      }
    }
  } finally {
    response.body.destroy();
  }
  throw new Error('event stream ended before admission');
}

/** A queue join per request into the concert's room, each by another of `buyers` (a new user of the room): the token-issue shape. */
export function joinFeed(buyers: readonly Buyer[], concertId: string): RequestFeed {
  const body = JSON.stringify({ concertId });
  return feedOf(buyers, (buyer) => ({ headers: buyer.auth, body }));
}
