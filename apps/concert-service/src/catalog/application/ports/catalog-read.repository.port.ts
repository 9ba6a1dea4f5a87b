import type { ScheduleAvailability } from '../../domain/bookable-schedule';
import type { SeatStatus } from '../../domain/seat-availability';
import type { WaitingRoomSettings } from '../../domain/waiting-room';

export interface ConcertSummary {
  concertId: string;
  title: string;
  venue: string;
}

export interface UpcomingSchedules {
  /** The concert's version when read (the schedule list cache refuses anything older). */
  concertVersion: number;
  /** Its schedules starting after the given instant, earliest first. */
  schedules: ScheduleAvailability[];
}

export interface SeatView {
  seatNo: number;
  price: number;
  status: SeatStatus;
}

export interface StoredSeatMap {
  scheduleId: string;
  concertId: string;
  /** The schedule's version when read; read in the same statement as the seats. */
  version: number;
  seats: SeatView[];
}

/** Read side of the catalog (queries only). */
export interface CatalogReadRepository {
  listConcerts(): Promise<ConcertSummary[]>;
  /** null when the concert does not exist. */
  findUpcomingSchedules(concertId: string, after: Date): Promise<UpcomingSchedules | null>;
  /** null when the schedule does not exist (of any concert). */
  findSeatMap(scheduleId: string): Promise<StoredSeatMap | null>;
  concertExists(concertId: string): Promise<boolean>;
  /** The concert's waiting-room settings; null when the concert does not exist. */
  findWaitingRoom(concertId: string): Promise<WaitingRoomSettings | null>;
}

export const CATALOG_READ_REPOSITORY = Symbol('CATALOG_READ_REPOSITORY');
