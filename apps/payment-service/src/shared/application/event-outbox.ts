import type { EventPayload, Topic } from '@concert/contracts';

export interface OutgoingEvent<T extends Topic> {
  topic: T;
  /** Partition key: the aggregate id, so one aggregate's events stay in order. */
  key: string;
  payload: EventPayload<T>;
  /** When the change happened (the use case's clock). */
  occurredAt: Date;
  requestId?: string;
}

/** Records an event in the same transaction as the change it announces (transactional outbox). */
export interface EventOutbox {
  append<T extends Topic>(event: OutgoingEvent<T>): Promise<void>;
}
