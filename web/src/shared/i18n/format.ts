import type { Language } from './language';

/** Concert dates are the venue's local time (API.md: schedules are in Asia/Seoul). */
export const VENUE_TIME_ZONE = 'Asia/Seoul';

/** Numbers, money, dates and durations as the page's language writes them. */
export class Format {
  private readonly won: Intl.NumberFormat;
  private readonly dateTime: Intl.DateTimeFormat;
  private readonly localDateTime: Intl.DateTimeFormat;
  private readonly clock: Intl.DateTimeFormat;

  constructor(readonly language: Language) {
    const locale = language === 'ko' ? 'ko-KR' : 'en-US';
    this.won = new Intl.NumberFormat(locale, { maximumFractionDigits: 0 });
    this.dateTime = new Intl.DateTimeFormat(locale, { timeZone: VENUE_TIME_ZONE, weekday: 'short', year: 'numeric', month: 'short', day: 'numeric', hour: '2-digit', minute: '2-digit' });
    this.localDateTime = new Intl.DateTimeFormat(locale, { month: 'short', day: 'numeric', hour: '2-digit', minute: '2-digit', second: '2-digit' });
    this.clock = new Intl.DateTimeFormat(locale, { hour: '2-digit', minute: '2-digit', second: '2-digit' });
  }

  /** An amount of won: "₩80,000" in English, "80,000원" in Korean. */
  money(amount: number): string {
    return this.language === 'ko' ? `${this.won.format(amount)}원` : `₩${this.won.format(amount)}`;
  }

  count(value: number): string {
    return this.won.format(value);
  }

  /** When a concert starts, in the venue's time zone. */
  concertTime(iso: string): string {
    return this.dateTime.format(new Date(iso));
  }

  /** When something happened, in the browser's time zone (history, payments). */
  moment(iso: string): string {
    return this.localDateTime.format(new Date(iso));
  }

  /** The time of day in the browser's zone (the opening of a sale). */
  timeOfDay(iso: string): string {
    return this.clock.format(new Date(iso));
  }

  /** A countdown: "4:05", or "1:02:03" past an hour; never negative. */
  countdown(milliseconds: number): string {
    const total = Math.max(0, Math.ceil(milliseconds / 1000));
    const hours = Math.floor(total / 3600);
    const minutes = Math.floor((total % 3600) / 60);
    const seconds = String(total % 60).padStart(2, '0');
    return hours > 0 ? `${hours}:${String(minutes).padStart(2, '0')}:${seconds}` : `${minutes}:${seconds}`;
  }

  /** A rough wait: "less than a minute", "about 3 minutes". */
  wait(seconds: number): string {
    const minutes = Math.round(seconds / 60);
    if (this.language === 'ko') return seconds < 60 ? '1분 이내' : `약 ${minutes}분`;
    if (seconds < 60) return 'less than a minute';
    return minutes === 1 ? 'about 1 minute' : `about ${minutes} minutes`;
  }
}
