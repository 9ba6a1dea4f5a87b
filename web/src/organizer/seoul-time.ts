/** Seoul keeps +09:00 all year (no daylight saving): a venue's wall time is that offset from UTC. */
const SEOUL_OFFSET = '+09:00';
const SEOUL_OFFSET_MS = 9 * 3600_000;

/** A datetime-local value ("2030-05-01T19:30" or with seconds) read as Seoul time, in ISO-8601 with its offset. */
export function fromSeoulWallTime(value: string): string {
  const withSeconds = /T\d{2}:\d{2}$/.test(value) ? `${value}:00` : value;
  return `${withSeconds}${SEOUL_OFFSET}`;
}

/** The datetime-local value (to the minute) of a moment in Seoul time. */
export function toSeoulWallTime(epochMs: number): string {
  return new Date(epochMs + SEOUL_OFFSET_MS).toISOString().slice(0, 16);
}
