import { Injectable, Logger, type OnModuleInit } from '@nestjs/common';
import { type EventEnvelope, type EventPayload, Topics } from '@concert/contracts';
import { EventConsumerHost, type EventContext, type EventHandler } from '@concert/platform';
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
 * the inbox transaction (context.manager): the view change and the inbox row commit together,
 * so a redelivered event does nothing; the version merge of the use case covers the rest
 * (the same change under another event id, and any arrival order).
 */
@Injectable()
export class ReservationEventsConsumer implements OnModuleInit {
  private readonly logger = new Logger(ReservationEventsConsumer.name);

  constructor(
    private readonly host: EventConsumerHost,
    private readonly applyChange: ApplyReservationChangeUseCase,
  ) {}

  onModuleInit(): void {
    for (const topic of Object.keys(PHASE_OF) as ReservationTopic[]) this.host.register(this.handlerFor(topic));
  }

  handlerFor<T extends ReservationTopic>(topic: T): EventHandler<T> {
    return { topic, handle: (event, context) => this.handle(topic, event, context) };
  }

  private async handle<T extends ReservationTopic>(topic: T, event: EventEnvelope<EventPayload<T>>, context: EventContext): Promise<void> {
    if (!context.manager) throw new Error('concert-service consumes with the postgres inbox: context.manager is required');
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
      new PostgresSeatAvailabilityStore(context.manager),
    );
    availabilityEventsApplied.inc({ topic, outcome: result.outcome });
    if (result.outcome === 'unknown-seat') {
      this.logger.warn(`${topic} ${event.eventId}: schedule ${payload.scheduleId} seat ${payload.seatNo} is not in the catalog; ignored`);
    } else if (result.outcome !== 'applied') {
      this.logger.debug(`${topic} ${event.eventId} for reservation ${payload.reservationId} v${payload.version}: ${result.outcome}`);
    }
  }
}
