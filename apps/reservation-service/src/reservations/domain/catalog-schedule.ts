/** The reservation service's copy of one schedule of the catalog (fed by ScheduleCreated events). */
export interface CatalogSchedule {
  scheduleId: string;
  concertId: string;
  startsAt: Date;
  seats: ReadonlyArray<{ seatNo: number; price: number }>;
}

/** One bookable seat as the catalog copy knows it. */
export interface CatalogSeat {
  scheduleId: string;
  concertId: string;
  seatNo: number;
  /** Integer won. */
  price: number;
}

/** A seat looked up in the catalog copy; a schedule that exists names its concert even when the seat is missing. */
export type CatalogSeatLookup = { kind: 'FOUND'; seat: CatalogSeat } | { kind: 'SCHEDULE_NOT_FOUND' } | { kind: 'SEAT_NOT_FOUND'; concertId: string };
