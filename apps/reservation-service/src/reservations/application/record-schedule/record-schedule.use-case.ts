import { Injectable } from '@nestjs/common';
import type { CatalogSchedule } from '../../domain/catalog-schedule';
import type { ReservationTransaction } from '../ports/reservation-unit-of-work.port';

/**
 * Keeps the local catalog copy current from ScheduleCreated: the schedule's concert, start and
 * seat prices. An upsert, so a replayed or corrected event leaves one copy with the latest prices.
 */
@Injectable()
export class RecordScheduleUseCase {
  async execute(schedule: CatalogSchedule, tx: ReservationTransaction): Promise<void> {
    await tx.catalog.upsertSchedule(schedule);
  }
}
