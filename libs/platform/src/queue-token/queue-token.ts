import { createHmac, timingSafeEqual } from 'node:crypto';

/**
 * Queue tokens are signed (HMAC-SHA256) so the gateway verifies them locally, without a hop to
 * queue-service. Format: `v1.<base64url(JSON claims)>.<base64url(signature)>`.
 * The signature proves who issued the token; whether it is ACTIVE right now lives in Redis
 * (see {@link QueueTokenKeys}), because that changes after issue.
 */
export interface QueueTokenClaims {
  /** Token id (one per place in the queue). */
  tid: string;
  /** The user the token belongs to. */
  uid: string;
  /** Issued at, epoch seconds. */
  iat: number;
  /** The concert whose waiting room the token is a place in. */
  cid: string;
}

const VERSION = 'v1';

/**
 * The secret tokens are signed with when QUEUE_TOKEN_SECRET is not configured (development and
 * tests only; queue-service refuses it in production). queue-service and the gateway must agree.
 */
export const DEV_QUEUE_TOKEN_SECRET = 'dev-queue-token-secret-change-me';

function signature(secret: string, body: string): Buffer {
  return createHmac('sha256', secret).update(`${VERSION}.${body}`).digest();
}

export function signQueueToken(claims: QueueTokenClaims, secret: string): string {
  const body = Buffer.from(JSON.stringify(claims)).toString('base64url');
  return `${VERSION}.${body}.${signature(secret, body).toString('base64url')}`;
}

/**
 * Returns the claims of a genuine token, or `null` for anything malformed, tampered or signed
 * with another key. Several secrets may be given to allow rotation (the first signs new tokens).
 */
export function verifyQueueToken(token: string, secrets: readonly string[]): QueueTokenClaims | null {
  if (token.length > 512) return null;
  const parts = token.split('.');
  if (parts.length !== 3 || parts[0] !== VERSION) return null;
  const [, body, sent] = parts as [string, string, string];
  // The signature is compared as text, in its one canonical encoding: decoding first would let
  // other spellings of the same bytes through (a changed last character whose unused bits
  // decode away, trailing '=').
  const sentText = Buffer.from(sent, 'utf8');
  const genuine = secrets.some((secret) => {
    const expected = Buffer.from(signature(secret, body).toString('base64url'), 'utf8');
    return expected.length === sentText.length && timingSafeEqual(expected, sentText);
  });
  if (!genuine) return null;
  try {
    const claims = JSON.parse(Buffer.from(body, 'base64url').toString('utf8')) as Partial<QueueTokenClaims>;
    if (typeof claims.tid !== 'string' || typeof claims.uid !== 'string' || typeof claims.iat !== 'number' || typeof claims.cid !== 'string') return null;
    return { tid: claims.tid, uid: claims.uid, iat: claims.iat, cid: claims.cid };
  } catch {
    return null;
  }
}

/**
 * Redis keys queue-service writes and the gateway reads (both apply the same REDIS_KEY_PREFIX).
 * Every key of one concert's waiting room carries the same Redis Cluster hash tag,
 * `{room:<concertId>}`, so each atomic step of a room (and the gateway's state check) touches a
 * single slot, and rooms spread over a cluster's masters. queue-service keeps further keys of its
 * own under the same tag (sequence, last-seen, user → token, settings, admission history); these
 * four are all the state check needs.
 */
export const QueueTokenKeys = {
  /** `queue:{room:<concertId>}:`: every key of the room starts with it. */
  room: (concertId: string) => `queue:{room:${concertId}}:`,
  /** ZSET tokenId → arrival sequence (INCR), so rank = place in the queue. */
  waiting: (concertId: string) => `${QueueTokenKeys.room(concertId)}waiting`,
  /** ZSET tokenId → active-until (epoch ms); an entry whose score has passed is expired. */
  active: (concertId: string) => `${QueueTokenKeys.room(concertId)}active`,
  /** ZSET tokenId → shuffle key: the pre-queue of a sale that has not opened yet. */
  preQueue: (concertId: string) => `${QueueTokenKeys.room(concertId)}pre-queue`,
  /**
   * HASH per token: userId, concertId, seq, iat, joinedAt, status (PRE_QUEUE | WAITING | ACTIVE |
   * EXPIRED), activeUntil, … Live tokens have no TTL; an EXPIRED one keeps a TTL (a day by
   * default) so that EXPIRED stays distinguishable from a token the system never issued. A status
   * of PRE_QUEUE or WAITING is a hint only: set membership says where a live token is.
   */
  token: (concertId: string, tokenId: string) => `${QueueTokenKeys.room(concertId)}token:${tokenId}`,
} as const;

export type QueueTokenState = 'ACTIVE' | 'WAITING' | 'EXPIRED' | 'UNKNOWN';

/**
 * One round trip: KEYS = [active, waiting, pre-queue, token hash] of the token's room, ARGV =
 * [tokenId, nowMs, userId]. A token is UNKNOWN unless its hash names `userId` (the token's `uid`
 * claim), so that a token signed with a leaked secret for a real token id but another user is
 * refused. A token hash marked EXPIRED (payment completed, idle, active time over) wins over set
 * membership; a place in the pre-queue reads as WAITING (not admitted yet).
 */
export const QUEUE_TOKEN_STATE_SCRIPT = `
local token = redis.call('HMGET', KEYS[4], 'status', 'userId')
local status = token[1]
if status == false or token[2] ~= ARGV[3] then return 'UNKNOWN' end
if status == 'EXPIRED' then return 'EXPIRED' end
local activeUntil = redis.call('ZSCORE', KEYS[1], ARGV[1])
if activeUntil then
  if tonumber(activeUntil) > tonumber(ARGV[2]) then return 'ACTIVE' end
  return 'EXPIRED'
end
if redis.call('ZSCORE', KEYS[2], ARGV[1]) or redis.call('ZSCORE', KEYS[3], ARGV[1]) then return 'WAITING' end
return 'EXPIRED'
`;
