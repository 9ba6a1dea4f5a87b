import { Injectable } from '@nestjs/common';
import type { Repositories } from '../../../shared/application/unit-of-work';
import { ReservationReplica, type ReservationSnapshot } from '../../domain/reservation-replica';

export type ReplicaChange = 'CREATED' | 'UPDATED' | 'IGNORED_OLDER';

/**
 * Applies what reservation-service announced to the local replica, inside the caller's
 * transaction (a consumer's inbox transaction, or the synchronous check of a payment).
 * Version-guarded: an event older than the replica's state changes nothing.
 */
@Injectable()
export class RecordReservationChangeUseCase {
  async execute(snapshot: ReservationSnapshot, tx: Repositories): Promise<ReplicaChange> {
    const current = await tx.reservations.lock(snapshot.reservationId);
    if (!current) {
      if (await tx.reservations.insertIfAbsent(ReservationReplica.fromSnapshot(snapshot))) return 'CREATED';
      // Inserted concurrently by another consumer or payment: apply ours on top of it.
      return this.execute(snapshot, tx);
    }
    const next = current.observe(snapshot);
    if (!next) return 'IGNORED_OLDER';
    await tx.reservations.save(next);
    return 'UPDATED';
  }
}
