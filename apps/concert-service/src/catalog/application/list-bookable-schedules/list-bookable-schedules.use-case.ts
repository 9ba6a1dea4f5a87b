import { Inject, Injectable } from '@nestjs/common';
import { DomainError, ErrorCode } from '@concert/contracts';
import { isBookable } from '../../domain/bookable-schedule';
import { seoulDateOf, toSeoulIsoString } from '../../domain/seoul-time';
import { CATALOG_READ_REPOSITORY, type CatalogReadRepository } from '../ports/catalog-read.repository.port';
import { CLOCK, type Clock } from '../ports/clock.port';

export interface ListBookableSchedulesQuery {
  concertId: string;
}

export interface BookableScheduleView {
  scheduleId: string;
  concertId: string;
  /** Local date at the venue (Asia/Seoul). */
  date: string;
  /** ISO-8601 with the +09:00 offset. */
  startsAt: string;
  totalSeats: number;
  availableSeats: number;
}

export interface BookableSchedules {
  schedules: BookableScheduleView[];
  /** The concert's version the list was read at (cache freshness). */
  version: number;
  /** When the list stops being right by itself: the earliest listed start (null when empty). */
  validUntil: Date | null;
}

/** The bookable dates of a concert: not started yet and at least one seat available. */
@Injectable()
export class ListBookableSchedulesUseCase {
  constructor(
    @Inject(CATALOG_READ_REPOSITORY) private readonly catalog: CatalogReadRepository,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  async execute(query: ListBookableSchedulesQuery): Promise<BookableSchedules> {
    const now = this.clock.now();
    const upcoming = await this.catalog.findUpcomingSchedules(query.concertId, now);
    if (!upcoming) throw new DomainError(ErrorCode.CONCERT_NOT_FOUND, `Concert ${query.concertId} does not exist`);
    const bookable = upcoming.schedules
      .filter((schedule) => isBookable(schedule, now))
      .sort((a, b) => a.startsAt.getTime() - b.startsAt.getTime());
    return {
      schedules: bookable.map((schedule) => ({
        scheduleId: schedule.scheduleId,
        concertId: query.concertId,
        date: seoulDateOf(schedule.startsAt),
        startsAt: toSeoulIsoString(schedule.startsAt),
        totalSeats: schedule.totalSeats,
        availableSeats: schedule.availableSeats,
      })),
      version: upcoming.concertVersion,
      validUntil: bookable[0]?.startsAt ?? null,
    };
  }
}
