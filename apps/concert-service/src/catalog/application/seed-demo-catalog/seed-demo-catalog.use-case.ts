import { Inject, Injectable } from '@nestjs/common';
import { addDays, seoulDateOf, seoulInstant, toSeoulIsoString } from '../../domain/seoul-time';
import { CLOCK, type Clock } from '../ports/clock.port';
import { CONCERT_REPOSITORY, type ConcertRepository } from '../ports/concert.repository.port';
import { CreateConcertUseCase } from '../create-concert/create-concert.use-case';

/** Fixed, so running the seed again finds the concert and creates nothing. */
export const DEMO_CONCERT_ID = '5eed0000-c0c0-4a11-9000-00000000de70';
export const DEMO_DATES = 5;
export const DEMO_FIRST_DATE_IN_DAYS = 7;

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
}

/**
 * The demo concert of `npm start`: five dates starting a week from today, 19:00 in Seoul, prices
 * tiered by seat. Goes through CreateConcertUseCase, so the ScheduleCreated events reach the
 * outbox like any admin-created concert.
 */
@Injectable()
export class SeedDemoCatalogUseCase {
  constructor(
    private readonly createConcert: CreateConcertUseCase,
    @Inject(CONCERT_REPOSITORY) private readonly concerts: ConcertRepository,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  async execute(): Promise<SeedResult> {
    if (await this.concerts.exists(DEMO_CONCERT_ID)) return { concertId: DEMO_CONCERT_ID, created: false, scheduleIds: [] };
    const today = seoulDateOf(this.clock.now());
    const schedules = Array.from({ length: DEMO_DATES }, (_, index) => ({
      startsAt: toSeoulIsoString(seoulInstant(addDays(today, DEMO_FIRST_DATE_IN_DAYS + index), 19)),
      seatPrice: 80_000,
      seatPrices: demoSeatPrices(),
    }));
    const result = await this.createConcert.execute({
      concertId: DEMO_CONCERT_ID,
      title: 'Seoul Winter Symphony (demo)',
      venue: 'Olympic Hall, Seoul',
      schedules,
    });
    return {
      concertId: DEMO_CONCERT_ID,
      created: result.created,
      scheduleIds: result.created ? result.concert.schedules.map((schedule) => schedule.scheduleId) : [],
    };
  }
}
