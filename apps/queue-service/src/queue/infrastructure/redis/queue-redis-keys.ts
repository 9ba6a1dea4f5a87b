import { QueueTokenKeys } from '@concert/platform';

/**
 * Every Redis key of the waiting room (REDIS_KEY_PREFIX is prepended by the client for KEYS and
 * passed to the scripts for the per-token / per-user keys they derive).
 */
export const QueueRedisKeys = {
  /** ZSET tokenId → arrival sequence. Shared with the gateway. */
  waiting: QueueTokenKeys.waiting,
  /** ZSET tokenId → active-until ms. Shared with the gateway. */
  active: QueueTokenKeys.active,
  /** HASH per token. Shared with the gateway. */
  token: QueueTokenKeys.token,
  tokenPrefix: QueueTokenKeys.token(''),
  /** STRING: arrival sequence (INCR). */
  sequence: 'queue:sequence',
  /** ZSET tokenId → last seen ms, waiting tokens only: idle waiters are found in O(log N) each. */
  lastSeen: 'queue:last-seen',
  /** HASH epoch second → admissions in that second (the rate window). */
  admissions: 'queue:admissions',
  /** STRING: admissions ever (INCRBY), numbering each admission. */
  admittedTotal: 'queue:admitted-total',
  /** HASH: the adaptive admission limit (`limit`, `cutAt` ms); expires after a quiet spell (ADR 0015). */
  admissionLimit: 'queue:admission-limit',
  /** STRING per user → their live token id (one live token per user). */
  user: (userId: string) => `queue:user:${userId}`,
  userPrefix: 'queue:user:',
} as const;
