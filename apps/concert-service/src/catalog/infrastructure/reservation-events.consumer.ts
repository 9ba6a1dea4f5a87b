import { Logger } from '@nestjs/common';
import { Ctx, EventPattern, Payload } from '@nestjs/microservices';
import { type EventEnvelope, type EventPayload, Topics } from '@concert/contracts';
import { SagaConsumer, SagaContext, TransactionScope } from '@concert/platform';
import type { ReservationPhase } from '../domain/seat-availability';
import { ApplyReservationChangeUseCase } from '../application/apply-reservation-change/apply-reservation-change.use-case';
import { availabilityEventsApplied } from './catalog.metrics';
import { PostgresSeatAvailabilityStore } from './postgres-seat-availability.store';

type ReservationTopic = typeof Topics.SeatHeld | typeof Topics.HoldExpired | typeof Topics.HoldCancelled | typeof Topics.ReservationConfirmed;

/** What each reservation event means for the seat. */
const PHASE_OF: Record<ReservationTopic, ReservationPhase> = {
  [Topics.SeatHeld]: 'HELD',
  [Topics.HoldExpired]: 'RELEASED',
  [Topics.HoldCancelled]: 'RELEASED',
  [Topics.ReservationConfirmed]: 'CONFIRMED',
};

/**
 * Feeds the seat-availability view from reservation-service's events. Each event runs inside
 * the inbox transaction (context.transaction): the view change and the inbox row commit together,
 * so a redelivered event does nothing; the version merge of the use case covers the rest
 * (the same change under another event id, and any arrival order).
 */
@SagaConsumer()
export class ReservationEventsConsumer {
  private readonly logger = new Logger(ReservationEventsConsumer.name);

  constructor(private readonly applyChange: ApplyReservationChangeUseCase) {}

  @EventPattern(Object.keys(PHASE_OF))
  async handle(@Payload() event: EventEnvelope<EventPayload<ReservationTopic>>, @Ctx() context: SagaContext): Promise<void> {
    const topic = context.topic as ReservationTopic;
    const payload = event.payload;
    const result = await this.applyChange.execute(
      {
        reservationId: payload.reservationId,
        scheduleId: payload.scheduleId,
        seatNo: payload.seatNo,
        phase: PHASE_OF[topic],
        version: payload.version,
        occurredAt: new Date(event.occurredAt),
      },
      new PostgresSeatAvailabilityStore(TransactionScope.entityManagerOf(context.transaction)),
    );
    availabilityEventsApplied.inc({ topic, outcome: result.outcome });
    if (result.outcome === 'unknown-seat') {
      this.logger.warn(`${topic} ${event.eventId}: schedule ${payload.scheduleId} seat ${payload.seatNo} is not in the catalog; ignored`);
    } else if (result.outcome !== 'applied') {
      this.logger.debug(`${topic} ${event.eventId} for reservation ${payload.reservationId} v${payload.version}: ${result.outcome}`);
    }
  }
}
