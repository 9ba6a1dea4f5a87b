import { QueueTokenKeys } from '@concert/platform';

/**
 * Every Redis key of the waiting rooms (REDIS_KEY_PREFIX is prepended by the client for KEYS and
 * passed to the scripts for the per-token / per-user keys they derive). Each concert's room keeps
 * its keys under one hash tag, `{room:<concertId>}` (see QueueTokenKeys), so every step of a room
 * is a single-slot script; only the registry of rooms lies outside any room.
 */
export const QueueRedisKeys = {
  /** `queue:{room:<concertId>}:`, the start of every key of the room. */
  room: QueueTokenKeys.room,
  /** ZSET tokenId → arrival sequence (pre-queue members: their shuffle key, below every sequence). Shared with the gateway. */
  waiting: QueueTokenKeys.waiting,
  /** ZSET tokenId → active-until ms. Shared with the gateway. */
  active: QueueTokenKeys.active,
  /** ZSET tokenId → shuffle key: who is in the pre-queue of a sale that has not opened. Shared with the gateway. */
  preQueue: QueueTokenKeys.preQueue,
  /** HASH per token. Shared with the gateway. */
  token: QueueTokenKeys.token,
  /** Relative to the room: what the scripts append to the room's prefix. */
  tokenInRoom: 'token:',
  userInRoom: 'user:',
  admissionLimitInRoom: 'admission-limit',
  /** STRING: arrival sequence (INCR). */
  sequence: (concertId: string) => `${QueueTokenKeys.room(concertId)}sequence`,
  /** ZSET tokenId → last seen ms, waiting tokens only: idle waiters are found in O(log N) each. */
  lastSeen: (concertId: string) => `${QueueTokenKeys.room(concertId)}last-seen`,
  /** ZSET tokenId → last seen ms of the pre-queue: carried into last-seen at the opening. */
  preQueueSeen: (concertId: string) => `${QueueTokenKeys.room(concertId)}pre-queue-seen`,
  /** HASH epoch second → admissions from the queue in that second (the rate window of the wait estimate). */
  admissions: (concertId: string) => `${QueueTokenKeys.room(concertId)}admissions`,
  /** HASH epoch second → every admission in that second, joins straight into a free slot included (the last minute's). */
  admissionsAll: (concertId: string) => `${QueueTokenKeys.room(concertId)}admissions-all`,
  /** HASH: the room's adaptive admission limit (`limit`, `cutAt` ms, `heardAt` ms); expires after a quiet spell (ADR 0015). */
  admissionLimit: (concertId: string) => `${QueueTokenKeys.room(concertId)}admission-limit`,
  /** STRING: admissions ever (INCRBY), numbering each admission. */
  admittedTotal: (concertId: string) => `${QueueTokenKeys.room(concertId)}admitted-total`,
  /**
   * HASH: the room's settings (maxActiveUsers, activeSeconds, saleOpensAt ms — each only when set
   * for this concert, else the configuration's default applies), its seed and seed commitment,
   * openedAt and preQueueSize once the sale has opened.
   */
  settings: (concertId: string) => `${QueueTokenKeys.room(concertId)}settings`,
  /** ZSET tokenId → shuffle key: the pre-queue as it was at the opening, in its shuffled order (kept for the fairness proof). */
  opening: (concertId: string) => `${QueueTokenKeys.room(concertId)}opening`,
  /** STRING per user → their live token id in the room (one live place per user and room). */
  user: (concertId: string, userId: string) => `${QueueTokenKeys.room(concertId)}user:${userId}`,
  /** ZSET concertId → last join ms: the rooms admission rounds visit (outside every room: single-key commands only). */
  rooms: 'queue:rooms',
} as const;

/** The keys every room script takes first, in this order (the client prefixes them). */
export function roomKeys(concertId: string): string[] {
  return [
    QueueRedisKeys.waiting(concertId),
    QueueRedisKeys.active(concertId),
    QueueRedisKeys.lastSeen(concertId),
    QueueRedisKeys.admissions(concertId),
    QueueRedisKeys.admittedTotal(concertId),
    QueueRedisKeys.preQueue(concertId),
    QueueRedisKeys.settings(concertId),
    QueueRedisKeys.preQueueSeen(concertId),
    QueueRedisKeys.admissionsAll(concertId),
    QueueRedisKeys.opening(concertId),
  ];
}
