import { Injectable, type OnModuleInit } from '@nestjs/common';
import type { EventEnvelope, Topic } from '@concert/contracts';
import { type EventContext, EventConsumerHost } from '@concert/platform';
import { Counter } from 'prom-client';
import { RECORDED_TOPICS } from '../domain/recorded-topics';

const recorded = new Counter({ name: 'history_events_recorded_total', help: 'Events appended to the history', labelNames: ['topic'] as const });

/**
 * A consumer group of its own ('history-sink'): it reads the same topics as the services without
 * sharing their offsets, so its slowness or failure never holds up the saga.
 */
@Injectable()
export class EventHistoryRecorder implements OnModuleInit {
  constructor(private readonly host: EventConsumerHost) {}

  onModuleInit(): void {
    for (const topic of RECORDED_TOPICS) {
      // Appends only: a partition's batch commits in one transaction.
      this.host.register({ topic, handle: (event, context) => this.record(topic, event, context) }, { batched: true });
    }
  }

  async record(topic: Topic, event: EventEnvelope<unknown>, context: EventContext): Promise<void> {
    if (!context.manager) throw new Error('history-sink records through the postgres inbox transaction');
    // The inbox already absorbs redeliveries; ON CONFLICT also absorbs a re-driven copy.
    await context.manager.query(
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
