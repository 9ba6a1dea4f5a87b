/** What every benchmark does as a buyer or an organiser through the gateway. */
import { randomUUID } from 'node:crypto';
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
