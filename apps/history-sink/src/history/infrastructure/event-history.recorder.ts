import { Ctx, EventPattern, Payload } from '@nestjs/microservices';
import type { EventEnvelope } from '@concert/contracts';
import { SagaConsumer, SagaContext, type SagaHandlerOptions, TransactionScope } from '@concert/platform';
import { Counter } from 'prom-client';
import { RECORDED_TOPICS } from '../domain/recorded-topics';

const recorded = new Counter({ name: 'history_events_recorded_total', help: 'Events appended to the history', labelNames: ['topic'] as const });

/**
 * A consumer group of its own ('history-sink'): it reads the same topics as the services without
 * sharing their offsets, so its slowness or failure never holds up the saga.
 */
@SagaConsumer()
export class EventHistoryRecorder {
  // Appends only: a partition's batch commits in one transaction.
  @EventPattern(RECORDED_TOPICS, { batched: true } satisfies SagaHandlerOptions)
  async record(@Payload() event: EventEnvelope<unknown>, @Ctx() context: SagaContext): Promise<void> {
    const { topic } = context;
    // The inbox already absorbs redeliveries; ON CONFLICT also absorbs a re-driven copy.
    await TransactionScope.entityManagerOf(context.transaction).query(
      `INSERT INTO event_history (event_id, topic, message_key, occurred_at, payload)
       VALUES ($1, $2, $3, $4, $5) ON CONFLICT (event_id) DO NOTHING`,
      [event.eventId, topic, keyOf(event.payload), event.occurredAt, JSON.stringify(event.payload)],
    );
    context.afterCommit(() => recorded.inc({ topic }));
  }
}

function keyOf(payload: unknown): string | null {
  if (typeof payload === 'object' && payload !== null && 'reservationId' in payload) {
    return String((payload).reservationId);
  }
  return null;
}
