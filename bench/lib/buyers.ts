/** What every benchmark does as a buyer or an organiser through the gateway. */
import { randomUUID } from 'node:crypto';
import type { Dispatcher } from 'undici';
import type { BenchHttp } from './http';

export const ADMIN = { 'x-admin-key': 'dev-admin-key' };

/** A show date `days` from now, 19:00 in Seoul. */
export function startsAt(days: number): string {
  const kst = new Date(Date.now() + days * 86_400_000 + 9 * 3_600_000);
  return `${kst.toISOString().slice(0, 10)}T19:00:00+09:00`;
}

/** Joins the queue and polls until admitted (the system must have free active slots). */
export async function activeToken(http: BenchHttp, userId = randomUUID()): Promise<{ userId: string; token: string }> {
  const joined = await http.call<{ token: string; status: string }>('POST', '/queue/tokens', { userId });
  if (joined.status !== 201 && joined.status !== 200) throw new Error(`queue join answered ${joined.status}`);
  let status = joined.body.status;
  for (let attempt = 0; status !== 'ACTIVE'; attempt++) {
    if (attempt >= 200) throw new Error(`queue token still ${status} after 10 s`);
    await new Promise((resolve) => setTimeout(resolve, 50));
    status = (await http.call<{ status: string }>('GET', '/queue/tokens/me', undefined, { 'x-queue-token': joined.body.token })).body.status;
  }
  return { userId, token: joined.body.token };
}

/**
 * Joins the queue and, while WAITING, listens to the token's event stream (Server-Sent Events)
 * until it reads ACTIVE — a crowd's buyer, who costs the system one open stream instead of a poll
 * every few milliseconds. `streams` holds the stream connections (one per waiting buyer).
 */
export async function admittedToken(http: BenchHttp, streams: Dispatcher, userId = randomUUID()): Promise<{ userId: string; token: string }> {
  const joined = await http.call<{ token: string; status: string }>('POST', '/queue/tokens', { userId });
  if (joined.status !== 201 && joined.status !== 200) throw new Error(`queue join answered ${joined.status}`);
  const { token } = joined.body;
  if (joined.body.status === 'ACTIVE') return { userId, token };
  const response = await streams.request({
    method: 'GET',
    path: '/api/v1/queue/tokens/me/events',
    headers: { 'x-queue-token': token, accept: 'text/event-stream' },
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
        if (status === 'ACTIVE') return { userId, token };
        if (status === 'EXPIRED') throw new Error('queue token expired while waiting');
      }
    }
  } finally {
    response.body.destroy();
  }
  throw new Error('event stream ended before admission');
}
