import type { Concert } from '../../domain/concert';

/** Write side of the catalog. */
export interface ConcertRepository {
  /**
   * Stores the concert, its schedules and their seats, and the concert's ScheduleCreated events
   * (outbox), all in ONE transaction. Returns false, storing nothing, when a concert with the
   * same id already exists.
   */
  add(concert: Concert, context: { requestId?: string; occurredAt: Date }): Promise<boolean>;
  exists(concertId: string): Promise<boolean>;
}

export const CONCERT_REPOSITORY = Symbol('CONCERT_REPOSITORY');
