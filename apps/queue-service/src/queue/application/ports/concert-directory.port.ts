/** A concert's waiting-room settings as it was created with them (each null: the configuration's default). */
export interface ConcertRoomDefaults {
  maxActiveUsers: number | null;
  activeSeconds: number | null;
  saleOpensAtMs: number | null;
}

/** Which concerts exist, and the room each was created with (the catalog is concert-service's). */
export interface ConcertDirectory {
  /** null: no such concert. Throws SERVICE_UNAVAILABLE when the catalog cannot be asked. */
  find(concertId: string, requestId?: string): Promise<ConcertRoomDefaults | null>;
}

export const CONCERT_DIRECTORY = Symbol('CONCERT_DIRECTORY');
