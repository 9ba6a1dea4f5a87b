import { SessionStore } from '../shared/session-store';
import type { AccessToken } from '../api/buyer-api';

/** Who is signed in in this tab, and until when their access token holds. */
export interface BuyerSession {
  accessToken: string;
  userId: string;
  expiresAt: number;
}

const SESSION = new SessionStore<BuyerSession>('concert.buyer.session');
const LAST_TEST_USER = 'concert.buyer.last-test-user';

export function sessionOf(token: AccessToken, now: number): BuyerSession {
  return { accessToken: token.accessToken, userId: token.userId, expiresAt: now + token.expiresIn * 1000 };
}

/** The tab's session, unless its access token has run out (a minute's margin). */
export function storedSession(now: number): BuyerSession | undefined {
  const session = SESSION.read();
  return session && session.expiresAt - 60_000 > now ? session : undefined;
}

export function keepSession(session: BuyerSession | undefined): void {
  SESSION.write(session);
  if (session) {
    try {
      localStorage.setItem(LAST_TEST_USER, session.userId);
    } catch {
      // not kept: the next visit offers a new test account only
    }
  }
}

/** The test account this browser used last (a user id is no secret), to continue as it. */
export function lastTestUser(): string | undefined {
  try {
    return localStorage.getItem(LAST_TEST_USER) ?? undefined;
  } catch {
    return undefined;
  }
}

/** The short form of a user id people can tell apart: its first eight characters. */
export function shortId(userId: string): string {
  return userId.slice(0, 8);
}

/** The queue token this tab holds for a concert's room. */
export function queueTokenStore(concertId: string): SessionStore<string> {
  return new SessionStore<string>(`concert.buyer.queue.${concertId}`);
}
