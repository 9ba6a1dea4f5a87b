import { WAITING_ROOM_LIMITS } from '@concert/contracts';
import { parseStartsAt } from './starts-at';

/**
 * A concert's own waiting-room settings, as the organizer gave them at creation. Null: the
 * configured default applies (queue-service's QUEUE_MAX_ACTIVE_USERS, QUEUE_ACTIVE_SECONDS; no
 * scheduled sale opening).
 */
export interface WaitingRoomSettings {
  readonly maxActiveUsers: number | null;
  readonly activeSeconds: number | null;
  readonly saleOpensAt: Date | null;
}

export const DEFAULT_WAITING_ROOM: WaitingRoomSettings = { maxActiveUsers: null, activeSeconds: null, saleOpensAt: null };

const FIELDS = new Set(['maxActiveUsers', 'activeSeconds', 'saleOpensAt']);

/** Reads the `waitingRoom` option (absent or null: every default), pushing each problem found. */
export function parseWaitingRoom(value: unknown, problems: string[]): WaitingRoomSettings {
  if (value === undefined || value === null) return DEFAULT_WAITING_ROOM;
  if (typeof value !== 'object' || Array.isArray(value)) {
    problems.push('waitingRoom must be an object');
    return DEFAULT_WAITING_ROOM;
  }
  const fields = value as Record<string, unknown>;
  for (const key of Object.keys(fields)) {
    if (!FIELDS.has(key)) problems.push(`waitingRoom.${key} is not a waiting-room option`);
  }
  const maxActiveUsers = integerIn(fields.maxActiveUsers, 'maxActiveUsers', WAITING_ROOM_LIMITS.maxActiveUsers, problems);
  const activeSeconds = integerIn(fields.activeSeconds, 'activeSeconds', WAITING_ROOM_LIMITS.activeSeconds, problems);
  let saleOpensAt: Date | null = null;
  if (fields.saleOpensAt !== undefined && fields.saleOpensAt !== null) {
    saleOpensAt = typeof fields.saleOpensAt === 'string' ? parseStartsAt(fields.saleOpensAt) : null;
    if (!saleOpensAt) problems.push('waitingRoom.saleOpensAt must be an ISO-8601 date-time with an offset, e.g. 2026-12-01T20:00:00+09:00');
  }
  return { maxActiveUsers, activeSeconds, saleOpensAt };
}

function integerIn(value: unknown, name: string, range: { min: number; max: number }, problems: string[]): number | null {
  if (value === undefined || value === null) return null;
  if (typeof value === 'number' && Number.isInteger(value) && value >= range.min && value <= range.max) return value;
  problems.push(`waitingRoom.${name} must be an integer in ${range.min}..${range.max}`);
  return null;
}
