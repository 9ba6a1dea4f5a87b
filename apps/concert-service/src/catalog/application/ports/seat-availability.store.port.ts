import type { ReservationRecord, SeatSnapshot, SeatStatus } from '../../domain/seat-availability';

export interface LockedSeat extends SeatSnapshot {
  concertId: string;
}

export interface SeatStatusUpdate {
  scheduleId: string;
  seatNo: number;
  status: SeatStatus;
  holderId: string | null;
  availableDelta: -1 | 0 | 1;
  changedAt: Date;
}

/** The versions a seat-status change produced (for cache invalidation). */
export interface CatalogVersions {
  concertId: string;
  scheduleId: string;
  scheduleVersion: number;
  /** Set when the change touched the concert's list of bookable dates (available count). */
  concertVersion: number | null;
}

/**
 * The availability view inside ONE transaction (the inbox transaction of the event being
 * handled): the seat row stays locked until it commits, so concurrent events of one seat apply
 * one after the other.
 */
export interface SeatAvailabilityStore {
  /**
   * Locks the seat and returns it with its live reservation records and the record of
   * `reservationId` (if any). null when the catalog has no such seat.
   */
  lockSeat(scheduleId: string, seatNo: number, reservationId: string): Promise<LockedSeat | null>;
  saveRecord(scheduleId: string, seatNo: number, record: ReservationRecord, at: Date): Promise<void>;
  /** Saves the holder only (same status: no version bump, nothing to invalidate). */
  saveHolder(scheduleId: string, seatNo: number, holderId: string | null): Promise<void>;
  /** Saves a new status, adjusts the schedule's available count and bumps the versions. */
  saveStatus(update: SeatStatusUpdate): Promise<CatalogVersions>;
}

/** Makes a cached seat map or date list older than the given versions unusable. */
export interface CatalogCacheInvalidator {
  invalidate(versions: CatalogVersions): Promise<void>;
}

export const CATALOG_CACHE_INVALIDATOR = Symbol('CATALOG_CACHE_INVALIDATOR');
