import type { ReservationReplica } from '../domain/reservation-replica';

export interface ReservationReplicaRepository {
  find(reservationId: string): Promise<ReservationReplica | null>;
  /** The replica, row-locked until the transaction ends: payments of one reservation run one at a time. */
  lock(reservationId: string): Promise<ReservationReplica | null>;
  /** False when a row for the reservation already exists (it is left as it is). */
  insertIfAbsent(replica: ReservationReplica): Promise<boolean>;
  save(replica: ReservationReplica): Promise<void>;
}
