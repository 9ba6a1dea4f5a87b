import type { EventEnvelope, EventPayload, Topic } from '@concert/contracts';
import type { EntityManager } from 'typeorm';

export interface EventContext {
  /** The inbox transaction's manager (postgres inbox): write through it so the effect and the inbox row commit together. Undefined for the redis inbox. */
  manager?: EntityManager;
  requestId?: string;
  topic: string;
  partition: number;
  offset: string;
}

export interface EventHandler<T extends Topic> {
  readonly topic: T;
  /** Runs inside the inbox transaction: the handler's writes (through context.manager) and the inbox row commit together, so a redelivered event does nothing. */
  handle(event: EventEnvelope<EventPayload<T>>, context: EventContext): Promise<void>;
}

export interface RegisterOptions {
  /** Consumer group (and inbox scope); defaults to the service name. */
  groupId?: string;
}
