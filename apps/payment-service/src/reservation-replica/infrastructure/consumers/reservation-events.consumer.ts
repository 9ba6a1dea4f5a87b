import { Inject } from '@nestjs/common';
import { Ctx, EventPattern, Payload } from '@nestjs/microservices';
import { type EventEnvelope, type EventPayload, Topics } from '@concert/contracts';
import { SagaConsumer, SagaContext, type SagaHandlerOptions } from '@concert/platform';
import { UNIT_OF_WORK, type UnitOfWork } from '../../../shared/application/unit-of-work';
import { RecordReservationChangeUseCase } from '../../application/record-reservation-change/record-reservation-change.use-case';
import type { ReservationSnapshot } from '../../domain/reservation-replica';

type ReplicaTopic = typeof Topics.SeatHeld | typeof Topics.HoldExpired | typeof Topics.HoldCancelled | typeof Topics.ReservationConfirmed;

/**
 * What each reservation event says about the reservation, as a replica snapshot: a hold (with
 * its amount and expiry), a hold that ran out or was cancelled (payments refused from then on),
 * or a confirmation.
 */
export const REPLICA_SNAPSHOTS: { [T in ReplicaTopic]: (payload: EventPayload<T>) => ReservationSnapshot } = {
  [Topics.SeatHeld]: (payload) => ({
    reservationId: payload.reservationId,
    userId: payload.userId,
    concertId: payload.concertId,
    version: payload.version,
    status: 'HELD',
    amount: payload.price,
    expiresAt: new Date(payload.expiresAt),
  }),
  [Topics.HoldExpired]: (payload) => ({
    reservationId: payload.reservationId,
    userId: payload.userId,
    concertId: payload.concertId,
    version: payload.version,
    status: 'EXPIRED',
  }),
  [Topics.HoldCancelled]: (payload) => ({
    reservationId: payload.reservationId,
    userId: payload.userId,
    concertId: payload.concertId,
    version: payload.version,
    status: 'CANCELLED',
  }),
  [Topics.ReservationConfirmed]: (payload) => ({
    reservationId: payload.reservationId,
    userId: payload.userId,
    concertId: payload.concertId,
    version: payload.version,
    status: 'CONFIRMED',
  }),
};

const REPLICA_TOPICS = Object.keys(REPLICA_SNAPSHOTS) as ReplicaTopic[];

/** Keeps the reservation replica current from reservation-service's events (version-guarded). */
@SagaConsumer()
export class ReservationEventsConsumer {
  constructor(
    @Inject(UNIT_OF_WORK) private readonly unitOfWork: UnitOfWork,
    private readonly recordChange: RecordReservationChangeUseCase,
  ) {}

  // Nobody waits on the replica (a payment it has not caught up with asks reservation-service):
  // its transactions take the requests' connections, so a backlog cannot crowd payments out.
  @EventPattern(REPLICA_TOPICS, { connections: 'shared' } satisfies SagaHandlerOptions)
  async apply(@Payload() { payload }: EventEnvelope<EventPayload<ReplicaTopic>>, @Ctx() context: SagaContext): Promise<void> {
    const snapshotOf = REPLICA_SNAPSHOTS[context.topic as ReplicaTopic] as (payload: EventPayload<ReplicaTopic>) => ReservationSnapshot;
    // Through the inbox transaction: the replica change and the inbox row commit together.
    await this.recordChange.execute(snapshotOf(payload), this.unitOfWork.within(context.transaction));
  }
}
