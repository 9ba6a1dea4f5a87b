import { Inject, Injectable } from '@nestjs/common';
import { addDays, seoulDateOf, seoulInstant, toSeoulIsoString } from '../../domain/seoul-time';
import { CLOCK, type Clock } from '../ports/clock.port';
import { CONCERT_REPOSITORY, type ConcertRepository } from '../ports/concert.repository.port';
import { CreateConcertUseCase } from '../create-concert/create-concert.use-case';

export const DEMO_DATES = 5;
/** How long after the seed the demo sale opens: enough to join its pre-queue and watch the countdown. */
export const DEMO_SALE_OPENS_IN_MS = 3 * 60_000;

/**
 * One demo concert per seeding week (weeks start on Monday, Seoul time), its id derived from
 * that Monday: running the seed again in the same week finds it and creates nothing, and a
 * system started weeks later still gets dates that lie ahead.
 */
export function demoConcertId(weekMonday: string): string {
  return `5eed0000-c0c0-4a11-9000-0000${weekMonday.replaceAll('-', '')}`;
}

/**
 * The concert whose sale opens soon after a seed, its id derived from the opening minute (UTC,
 * yyMMddHHmm): seeding again within the same minute finds it, a later start gets a sale of its own.
 */
export function demoSaleConcertId(opensAt: Date): string {
  const minute = opensAt.toISOString().slice(2, 16).replace(/[-T:]/g, '');
  return `5eed0000-c0c0-4a11-9001-00${minute}`;
}

/** The Monday (Seoul calendar) of the week a date falls in. */
export function mondayOf(localDate: string): string {
  const weekday = new Date(`${localDate}T00:00:00Z`).getUTCDay(); // 0 = Sunday
  return addDays(localDate, -((weekday + 6) % 7));
}

/** Seats 1–10 VIP, 11–30 R, 31–50 S. */
export function demoSeatPrices(): Record<string, number> {
  const prices: Record<string, number> = {};
  for (let seatNo = 1; seatNo <= 30; seatNo++) prices[String(seatNo)] = seatNo <= 10 ? 150_000 : 110_000;
  return prices;
}

export interface SeedResult {
  concertId: string;
  created: boolean;
  scheduleIds: string[];
  /** The concert whose sale opens a few minutes after the seed (its room pre-queues until then). */
  upcomingSale: { concertId: string; created: boolean; saleOpensAt: string };
}

/**
 * The demo concert of `npm start`: five dates, Monday to Friday of the week after the seeding
 * week, 19:00 in Seoul, prices tiered by seat. Goes through CreateConcertUseCase, so the
 * ScheduleCreated events reach the outbox like any admin-created concert.
 */
@Injectable()
export class SeedDemoCatalogUseCase {
  constructor(
    private readonly createConcert: CreateConcertUseCase,
    @Inject(CONCERT_REPOSITORY) private readonly concerts: ConcertRepository,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  async execute(): Promise<SeedResult> {
    const now = this.clock.now();
    const weekMonday = mondayOf(seoulDateOf(now));
    const concertId = demoConcertId(weekMonday);
    const upcomingSale = await this.seedUpcomingSale(now, weekMonday);
    if (await this.concerts.exists(concertId)) return { concertId, created: false, scheduleIds: [], upcomingSale };
    const schedules = Array.from({ length: DEMO_DATES }, (_, index) => ({
      startsAt: toSeoulIsoString(seoulInstant(addDays(weekMonday, 7 + index), 19)),
      seatPrice: 80_000,
      seatPrices: demoSeatPrices(),
    }));
    const result = await this.createConcert.execute({
      concertId,
      title: 'Seoul Winter Symphony (demo)',
      venue: 'Olympic Hall, Seoul',
      schedules,
    });
    return {
      concertId,
      created: result.created,
      scheduleIds: result.created ? result.concert.schedules.map((schedule) => schedule.scheduleId) : [],
      upcomingSale,
    };
  }

  /**
   * A second concert whose sale opens at the start of the minute DEMO_SALE_OPENS_IN_MS from now:
   * joins before then wait in its pre-queue and are shuffled at the opening. Two dates, Saturday
   * and Sunday of the week after the seeding week.
   */
  private async seedUpcomingSale(now: Date, weekMonday: string): Promise<SeedResult['upcomingSale']> {
    const opensAt = new Date(Math.ceil((now.getTime() + DEMO_SALE_OPENS_IN_MS) / 60_000) * 60_000);
    const concertId = demoSaleConcertId(opensAt);
    const saleOpensAt = toSeoulIsoString(opensAt);
    if (await this.concerts.exists(concertId)) return { concertId, created: false, saleOpensAt };
    const result = await this.createConcert.execute({
      concertId,
      title: 'Han River Open Air (demo, sale opens soon)',
      venue: 'KSPO Dome, Seoul',
      schedules: [5, 6].map((day) => ({ startsAt: toSeoulIsoString(seoulInstant(addDays(weekMonday, 7 + day), 18)), seatPrice: 99_000 })),
      waitingRoom: { saleOpensAt },
    });
    return { concertId, created: result.created, saleOpensAt };
  }
}
