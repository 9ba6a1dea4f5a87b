import { createHmac, timingSafeEqual } from 'node:crypto';

/**
 * The caller assertion: how the gateway tells a service who the verified caller is. Services
 * believe nothing else (never a bare `x-user-id`): every request to a service carries one, signed
 * (HMAC-SHA256) with INTERNAL_ASSERTION_KEY, short-lived and bound to the one request it was made
 * for (method and path), so a copy cannot be replayed against another route or after a few
 * seconds. Format: `ca1.<base64url(JSON claims)>.<base64url(signature)>`.
 */
export interface CallerAssertionClaims {
  /** The authenticated user (the access token's subject); null on a call that acts for no user. */
  sub: string | null;
  /** The caller's ACTIVE queue token id, on protected routes. */
  qtid: string | null;
  /** The concert whose waiting room that token is for (with `qtid`); absent or null otherwise. */
  qcid?: string | null;
  /** Who signed: `gateway`, or the service making an internal call. */
  iss: string;
  /** The request it was made for. */
  m: string;
  p: string;
  /** Expiry, epoch milliseconds. */
  exp: number;
}

export const CALLER_ASSERTION_HEADER = 'x-caller-assertion';

/** Long enough for a request that waits in a keep-alive pool, short enough that a leaked one is soon worthless. */
export const CALLER_ASSERTION_TTL_MS = 30_000;

/** The key used when INTERNAL_ASSERTION_KEY is not set: development and tests only (refused in production). */
export const DEV_INTERNAL_ASSERTION_KEY = 'dev-internal-assertion-key-change-me';

const VERSION = 'ca1';

function signature(key: string, body: string): string {
  return createHmac('sha256', key).update(`${VERSION}.${body}`).digest('base64url');
}

export function signCallerAssertion(claims: Omit<CallerAssertionClaims, 'exp'>, key: string, nowMs: number): string {
  const body = Buffer.from(JSON.stringify({ ...claims, exp: nowMs + CALLER_ASSERTION_TTL_MS })).toString('base64url');
  return `${VERSION}.${body}.${signature(key, body)}`;
}

/**
 * The claims of a genuine, unexpired assertion made for this method and path; `null` for anything
 * else. Several keys allow rotation (the first signs).
 */
export function verifyCallerAssertion(
  assertion: string,
  keys: readonly string[],
  request: { method: string; path: string; nowMs: number },
): CallerAssertionClaims | null {
  if (assertion.length > 4096) return null;
  const parts = assertion.split('.');
  if (parts.length !== 3 || parts[0] !== VERSION) return null;
  const [, body, sent] = parts as [string, string, string];
  const sentBytes = Buffer.from(sent, 'utf8');
  const genuine = keys.some((key) => {
    const expected = Buffer.from(signature(key, body), 'utf8');
    return expected.length === sentBytes.length && timingSafeEqual(expected, sentBytes);
  });
  if (!genuine) return null;
  let claims: Partial<CallerAssertionClaims>;
  try {
    claims = JSON.parse(Buffer.from(body, 'base64url').toString('utf8')) as Partial<CallerAssertionClaims>;
  } catch {
    return null;
  }
  if (typeof claims.exp !== 'number' || claims.exp <= request.nowMs) return null;
  if (claims.m !== request.method || claims.p !== request.path || typeof claims.iss !== 'string') return null;
  if (!(claims.sub === null || typeof claims.sub === 'string') || !(claims.qtid === null || typeof claims.qtid === 'string')) return null;
  if (!(claims.qcid === undefined || claims.qcid === null || typeof claims.qcid === 'string')) return null;
  return { sub: claims.sub, qtid: claims.qtid, qcid: claims.qcid ?? null, iss: claims.iss, m: claims.m, p: claims.p, exp: claims.exp };
}
