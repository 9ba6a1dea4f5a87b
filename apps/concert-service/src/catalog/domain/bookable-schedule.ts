/** A schedule as the buyer sees it in the list of dates. */
export interface ScheduleAvailability {
  readonly scheduleId: string;
  readonly startsAt: Date;
  readonly totalSeats: number;
  readonly availableSeats: number;
}

/** Bookable: the show has not started yet and at least one seat is still available. */
export function isBookable(schedule: ScheduleAvailability, now: Date): boolean {
  return schedule.startsAt.getTime() > now.getTime() && schedule.availableSeats > 0;
}
