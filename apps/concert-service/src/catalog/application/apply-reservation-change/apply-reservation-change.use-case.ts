import { Inject, Injectable } from '@nestjs/common';
import { applyReservationChange, type ReservationPhase, type SeatChange } from '../../domain/seat-availability';
import {
  CATALOG_CACHE_INVALIDATOR,
  type CatalogCacheInvalidator,
  type SeatAvailabilityStore,
} from '../ports/seat-availability.store.port';

/** One reservation event, as the availability view needs it. */
export interface ReservationChangeCommand {
  reservationId: string;
  scheduleId: string;
  seatNo: number;
  /** HELD (SeatHeld), RELEASED (HoldExpired, HoldCancelled) or CONFIRMED (ReservationConfirmed). */
  phase: ReservationPhase;
  version: number;
  /** When it happened at reservation-service (stored as the seat's status time). */
  occurredAt: Date;
}

export type ReservationChangeResult = SeatChange | { outcome: 'unknown-seat' };

/**
 * Applies a reservation event to the seat-availability view, inside the caller's transaction
 * (the inbox transaction): locks the seat, merges the reservation's newest version, derives the
 * seat status, keeps the schedule's available count exact, and makes cached reads older than
 * the new versions unusable before the transaction commits.
 */
@Injectable()
export class ApplyReservationChangeUseCase {
  constructor(@Inject(CATALOG_CACHE_INVALIDATOR) private readonly cache: CatalogCacheInvalidator) {}

  async execute(command: ReservationChangeCommand, store: SeatAvailabilityStore): Promise<ReservationChangeResult> {
    const seat = await store.lockSeat(command.scheduleId, command.seatNo, command.reservationId);
    if (!seat) return { outcome: 'unknown-seat' };
    const change = applyReservationChange(seat, { reservationId: command.reservationId, phase: command.phase, version: command.version });
    if (change.record) await store.saveRecord(command.scheduleId, command.seatNo, change.record, command.occurredAt);
    if (change.statusChanged) {
      const versions = await store.saveStatus({
        scheduleId: command.scheduleId,
        seatNo: command.seatNo,
        status: change.status,
        holderId: change.holderId,
        availableDelta: change.availableDelta,
        changedAt: command.occurredAt,
      });
      // Before the commit on purpose: readers compare versions, so a read of the old rows
      // (before the commit) can no longer be cached once the new version is announced.
      await this.cache.invalidate(versions);
    } else if (change.holderId !== seat.holderId) {
      await store.saveHolder(command.scheduleId, command.seatNo, change.holderId);
    }
    return change;
  }
}
