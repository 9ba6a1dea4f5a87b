/**
 * Venue-local time. Every venue is in Seoul (Asia/Seoul, UTC+09:00 all year: Korea has no
 * daylight-saving time), so a fixed offset is exact and needs no time-zone database.
 */
export const SEOUL_UTC_OFFSET = '+09:00';
const SEOUL_OFFSET_MS = 9 * 60 * 60 * 1000;
const DAY_MS = 24 * 60 * 60 * 1000;

/** The local calendar date in Seoul of an instant: `YYYY-MM-DD`. */
export function seoulDateOf(instant: Date): string {
  return new Date(instant.getTime() + SEOUL_OFFSET_MS).toISOString().slice(0, 10);
}

/** ISO-8601 with the Seoul offset: `2026-12-24T19:00:00+09:00` (milliseconds only when not zero). */
export function toSeoulIsoString(instant: Date): string {
  const local = new Date(instant.getTime() + SEOUL_OFFSET_MS).toISOString(); // …T10:00:00.000Z shifted
  const millis = local.slice(19, 23);
  return `${local.slice(0, 19)}${millis === '.000' ? '' : millis}${SEOUL_UTC_OFFSET}`;
}

/** The instant of a Seoul wall-clock time: `seoulInstant('2026-12-24', 19, 0)`. */
export function seoulInstant(localDate: string, hour: number, minute = 0): Date {
  const midnightUtc = Date.parse(`${localDate}T00:00:00Z`);
  if (Number.isNaN(midnightUtc)) throw new RangeError(`not a date: ${localDate}`);
  return new Date(midnightUtc + (hour * 60 + minute) * 60_000 - SEOUL_OFFSET_MS);
}

/** `YYYY-MM-DD` plus `days` calendar days. */
export function addDays(localDate: string, days: number): string {
  return new Date(Date.parse(`${localDate}T00:00:00Z`) + days * DAY_MS).toISOString().slice(0, 10);
}
