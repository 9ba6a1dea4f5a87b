import type { EventEnvelope, EventPayload, Topic } from '@concert/contracts';
import type { EntityManager } from 'typeorm';
import type { InboxConnections } from './event-inbox';

export interface EventContext {
  /** The inbox transaction's manager (postgres inbox): write through it so the effect and the inbox row commit together. Undefined for the redis inbox. */
  manager?: EntityManager;
  requestId?: string;
  topic: string;
  partition: number;
  offset: string;
  /**
   * Runs `callback` once the handler's effect has committed (metrics, notifications): a batch that
   * rolls back and is handled again never reports twice. Without a transaction: after the handler.
   */
  afterCommit(callback: () => void): void;
}

export interface EventHandler<T extends Topic> {
  readonly topic: T;
  /** The connections its inbox transaction takes (InboxConnections); default `kept`. */
  readonly connections?: InboxConnections;
  /** Runs inside the inbox transaction: the handler's writes (through context.manager) and the inbox row commit together, so a redelivered event does nothing. */
  handle(event: EventEnvelope<EventPayload<T>>, context: EventContext): Promise<void>;
  /**
   * Optional, for batched groups: consecutive new events of this topic from one partition batch,
   * in offset order, in one call inside the batch's inbox transaction (every context carries the
   * same manager). It must have the effect of `handle` on each in turn — only in fewer statements.
   */
  handleBatch?(events: ReadonlyArray<HandledEvent<T>>): Promise<void>;
}

export interface HandledEvent<T extends Topic> {
  event: EventEnvelope<EventPayload<T>>;
  context: EventContext;
}

export interface RegisterOptions {
  /** Consumer group (and inbox scope); defaults to the service name. */
  groupId?: string;
  /**
   * Handle this topic's messages in batches: the messages of one partition fetch share one inbox
   * transaction and one offset commit (a failing batch falls back to one message at a time). Only
   * for handlers that lock nothing another batch or request could lock in another order (rows of
   * their own aggregate, appends), or batches could deadlock. A group is batched when all its
   * handlers are.
   */
  batched?: boolean;
}
