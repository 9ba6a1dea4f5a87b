import { Counter, Gauge, Histogram } from 'prom-client';

export const outboxPublishedTotal = new Counter({
  name: 'outbox_published_total',
  help: 'Outbox events published to Kafka, by topic',
  labelNames: ['topic'] as const,
});

export const outboxPublishFailuresTotal = new Counter({
  name: 'outbox_publish_failures_total',
  help: 'Outbox events whose publish failed (retried later or parked), by outcome',
  labelNames: ['outcome'] as const,
});

export const outboxPendingEvents = new Gauge({
  name: 'outbox_pending_events',
  help: 'Outbox rows not yet published (state=pending) or given up on (state=parked), sampled by the relay',
  labelNames: ['state'] as const,
});

export const outboxRelayLag = new Histogram({
  name: 'outbox_relay_lag_seconds',
  help: 'Time from the outbox insert to the broker acknowledgement',
  buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 300],
});

export const eventsHandledTotal = new Counter({
  name: 'events_handled_total',
  help: 'Consumed events by topic, consumer group and outcome (handled, duplicate, parked, malformed)',
  labelNames: ['topic', 'group', 'outcome'] as const,
});

export const eventHandlingDuration = new Histogram({
  name: 'event_handling_duration_seconds',
  help: 'Time to handle one consumed event, retries included',
  labelNames: ['topic', 'group'] as const,
  buckets: [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 10],
});

export const consumerRebuildsTotal = new Counter({
  name: 'kafka_consumer_rebuilds_total',
  help: 'Consumers built anew after the Kafka client gave up on one, by consumer group and outcome (started, failed)',
  labelNames: ['group', 'outcome'] as const,
});
