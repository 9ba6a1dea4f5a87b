/** Which concerts exist: a join names the concert whose room it enters (the catalog is concert-service's). */
export interface ConcertDirectory {
  /** Throws SERVICE_UNAVAILABLE when the catalog cannot be asked. */
  exists(concertId: string, requestId?: string): Promise<boolean>;
}

export const CONCERT_DIRECTORY = Symbol('CONCERT_DIRECTORY');
