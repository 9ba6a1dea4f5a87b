import { DomainError, ErrorCode, type ScheduleCreated } from '@concert/contracts';
import { priceSeats, type SeatPrice } from './seat-pricing';
import { parseStartsAt } from './starts-at';
import { toSeoulIsoString } from './seoul-time';
import { parseWaitingRoom, type WaitingRoomSettings } from './waiting-room';

export const MAX_TEXT_LENGTH = 200;
export const MAX_SCHEDULES_PER_CONCERT = 100;

/** Line breaks, tabs, NUL and the other C0/C1 controls: none belongs in a one-line name (and Postgres text refuses NUL). */
const CONTROL_CHARACTER = /\p{Cc}/u;
/** Half of a UTF-16 pair on its own: not a character, and stored as U+FFFD. */
const LONE_SURROGATE = /\p{Cs}/u;
/** Something a reader can see: not a space, a separator or an invisible format character (U+200B, U+2060, U+FEFF…). */
const VISIBLE = /[^\s\p{Z}\p{Cf}]/u;

/** 10000-01-01T00:00 in Seoul: a schedule's date is written `YYYY-MM-DD`, four digits of year. */
const LAST_INSTANT_MS = Date.parse('+010000-01-01T00:00:00+09:00');

export interface ScheduleInput {
  id: string;
  startsAt: unknown;
  seatPrice: unknown;
  seatPrices?: unknown;
}

export interface ConcertInput {
  id: string;
  title: unknown;
  venue: unknown;
  schedules: ScheduleInput[];
  /** The concert's waiting-room options; absent: every setting takes the configured default. */
  waitingRoom?: unknown;
}

export interface Schedule {
  readonly id: string;
  readonly startsAt: Date;
  readonly seats: readonly SeatPrice[];
}

/**
 * A concert as an organizer creates it: a title, a venue, its schedules, each with 50 priced
 * seats, and the settings of its waiting room. Creation checks every rule and reports all the
 * problems at once (400 VALIDATION_FAILED).
 */
export class Concert {
  private constructor(
    readonly id: string,
    readonly title: string,
    readonly venue: string,
    readonly schedules: readonly Schedule[],
    readonly waitingRoom: WaitingRoomSettings,
  ) {}

  static create(input: ConcertInput, now: Date): Concert {
    const problems: string[] = [];
    const title = requiredText(input.title, 'title', problems);
    const venue = requiredText(input.venue, 'venue', problems);
    if (!Array.isArray(input.schedules) || input.schedules.length === 0) {
      problems.push('schedules must contain at least one schedule');
    } else if (input.schedules.length > MAX_SCHEDULES_PER_CONCERT) {
      problems.push(`schedules must contain at most ${MAX_SCHEDULES_PER_CONCERT} schedules`);
    }
    const schedules: Schedule[] = [];
    const seen = new Map<number, number>();
    (Array.isArray(input.schedules) ? input.schedules : []).forEach((schedule, index) => {
      const path = `schedules.${index}`;
      const startsAt = typeof schedule.startsAt === 'string' ? parseStartsAt(schedule.startsAt) : null;
      if (!startsAt) {
        problems.push(`${path}.startsAt must be an ISO-8601 date-time with an offset, e.g. 2026-12-24T19:00:00+09:00`);
      } else if (startsAt.getTime() <= now.getTime()) {
        problems.push(`${path}.startsAt must be in the future`);
      } else if (startsAt.getTime() >= LAST_INSTANT_MS) {
        problems.push(`${path}.startsAt must be before the year 10000 at the venue`);
      } else if (seen.has(startsAt.getTime())) {
        problems.push(`${path}.startsAt repeats schedules.${seen.get(startsAt.getTime())}.startsAt`);
      } else {
        seen.set(startsAt.getTime(), index);
      }
      const priced = priceSeats(schedule.seatPrice, schedule.seatPrices, path);
      if ('problems' in priced) problems.push(...priced.problems);
      else if (startsAt) schedules.push({ id: schedule.id, startsAt, seats: priced.seats });
    });
    const waitingRoom = parseWaitingRoom(input.waitingRoom, problems);
    if (problems.length > 0) {
      throw new DomainError(ErrorCode.VALIDATION_FAILED, problems.join('; '), { problems });
    }
    return new Concert(input.id, title, venue, schedules, waitingRoom);
  }

  /** One ScheduleCreated per schedule: reservation-service keeps its copy of seats and prices from these. */
  scheduleCreatedEvents(): ScheduleCreated[] {
    return this.schedules.map((schedule) => ({
      concertId: this.id,
      scheduleId: schedule.id,
      startsAt: toSeoulIsoString(schedule.startsAt),
      seats: schedule.seats.map((seat) => ({ seatNo: seat.seatNo, price: seat.price })),
    }));
  }
}

function requiredText(value: unknown, name: string, problems: string[]): string {
  if (typeof value !== 'string' || value.trim() === '') {
    problems.push(`${name} must be a non-empty string`);
    return '';
  }
  const trimmed = value.trim();
  if (!VISIBLE.test(trimmed)) problems.push(`${name} must contain a visible character`);
  if (trimmed.length > MAX_TEXT_LENGTH) problems.push(`${name} must be at most ${MAX_TEXT_LENGTH} characters`);
  if (CONTROL_CHARACTER.test(trimmed)) problems.push(`${name} must not contain control characters`);
  if (LONE_SURROGATE.test(trimmed)) problems.push(`${name} must be well-formed Unicode (no lone surrogates)`);
  return trimmed;
}
