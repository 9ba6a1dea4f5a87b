import type { EntityManager } from 'typeorm';

/** A message that could not be handled, kept for inspection and re-drive. */
export interface DeadLetter {
  consumerGroup: string;
  /** Logical topic (without the test prefix). */
  topic: string;
  partition: number;
  offset: string;
  key: string | null;
  /** The original message value, byte for byte (as text). */
  value: string | null;
  headers: Record<string, string>;
  error: string;
  attempts: number;
}

export type InboxOutcome = 'handled' | 'duplicate';

/**
 * Which database connections an inbox transaction takes (ADR 0010): `kept` — the ones kept free of
 * requests, for saga steps a buyer waits on; `shared` — the requests' side, for events nobody waits
 * on (a replica, a view), so that a backlog of them cannot crowd requests out.
 */
export type InboxConnections = 'kept' | 'shared';

export interface RunOnceOptions {
  /** Default `kept`. */
  connections?: InboxConnections;
}

/** Where a consumer group remembers handled event ids and parks dead letters. */
export interface EventInbox {
  /**
   * Runs `effect` unless this group already handled the event. With a transactional inbox the
   * effect receives the transaction's manager and commits together with the inbox row, on a kept
   * connection unless `connections` says `shared` (EventHandler.connections).
   */
  runOnce(
    consumerGroup: string,
    eventId: string,
    effect: (manager?: EntityManager) => Promise<void>,
    options?: RunOnceOptions,
  ): Promise<InboxOutcome>;
  /**
   * Optional (transactional inboxes): one transaction for several events. Records every id and
   * runs `effect` with the ids this group had not handled before; everything commits or nothing.
   */
  runBatchOnce?(consumerGroup: string, eventIds: readonly string[], effect: (fresh: ReadonlySet<string>, manager: EntityManager) => Promise<void>): Promise<void>;
  park(deadLetter: DeadLetter): Promise<void>;
}
