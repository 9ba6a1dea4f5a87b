import type { CatalogSchedule, CatalogSeatLookup } from '../../domain/catalog-schedule';
import type { Reservation } from '../../domain/reservation';
import type { ReservationEvent } from '../reservation-events';

export type HoldInsertResult = 'INSERTED' | 'SEAT_TAKEN';

/** Reservations as seen inside one transaction. */
export interface ReservationRepository {
  findById(reservationId: string, options?: { forUpdate?: boolean }): Promise<Reservation | null>;
  /** HELD reservations of the user whose time has not run out at `now`. */
  countLiveHolds(userId: string, now: Date): Promise<number>;
  /** Turns the seat's overdue hold (if any) EXPIRED, version + 1, and returns what it changed. */
  expireOverdueHoldOnSeat(scheduleId: string, seatNo: number, now: Date): Promise<Reservation[]>;
  /**
   * Turns up to `limit` overdue holds EXPIRED (version + 1), oldest expiry first, skipping rows
   * another transaction has locked, and returns what it changed.
   */
  expireOverdueHolds(now: Date, limit: number): Promise<Reservation[]>;
  /**
   * Inserts a new hold through the configured concurrency strategy. SEAT_TAKEN when the seat is
   * occupied, by a concurrent transaction included.
   */
  insertHold(reservation: Reservation, now: Date): Promise<HoldInsertResult>;
  /** Writes a changed reservation; fails when the stored version is not `expectedVersion`. */
  update(reservation: Reservation, expectedVersion: number): Promise<void>;
}

export interface CatalogRepository {
  upsertSchedule(schedule: CatalogSchedule): Promise<void>;
}

export interface EventOutbox {
  append(event: ReservationEvent): Promise<void>;
}

/** One database transaction: everything done through it commits or rolls back together. */
export interface ReservationTransaction {
  readonly reservations: ReservationRepository;
  readonly catalog: CatalogRepository;
  readonly outbox: EventOutbox;
  /** Serialises this user's commands until the transaction ends (keeps the hold limit exact across instances). */
  lockUser(userId: string): Promise<void>;
}

export interface UnitOfWork {
  run<T>(work: (tx: ReservationTransaction) => Promise<T>): Promise<T>;
}

export const UNIT_OF_WORK = Symbol('UNIT_OF_WORK');

/**
 * A seat of the catalog copy and whether a reservation occupies it right now — or why it cannot
 * be held: unknown schedule or seat, or a schedule that has started (no longer sold). Once the
 * schedule is known, so is its concert.
 */
export type SeatForHold =
  | Exclude<CatalogSeatLookup, { kind: 'FOUND' }>
  | { kind: 'SCHEDULE_STARTED'; concertId: string; startsAt: Date }
  | (Extract<CatalogSeatLookup, { kind: 'FOUND' }> & { occupied: boolean });

/** Reads outside any transaction. */
export interface ReservationQueries {
  /**
   * One read before a hold: the seat's price (or which of schedule / seat is unknown, or that the
   * schedule starts at or before `now`) and whether a live HELD or a CONFIRMED reservation
   * occupies it at `now`.
   */
  findSeatForHold(scheduleId: string, seatNo: number, now: Date): Promise<SeatForHold>;
  findById(reservationId: string): Promise<Reservation | null>;
  /** Newest first, at most `limit`. */
  listByUser(userId: string, limit: number): Promise<Reservation[]>;
  /** The earliest expiry among HELD reservations (the sweeper sleeps until then). */
  nextHoldExpiry(): Promise<Date | null>;
}

export const RESERVATION_QUERIES = Symbol('RESERVATION_QUERIES');
