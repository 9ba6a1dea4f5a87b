/**
 * The project's own small port over a Kafka client. Everything above it (outbox relay, event
 * consumers) depends on these interfaces only, so kafkajs can be replaced by a maintained client
 * by writing one adapter.
 */
export interface OutgoingMessage {
  topic: string;
  /** Partition key: one aggregate's events share a key and so stay in order. */
  key: string;
  value: string;
  headers: Record<string, string>;
}

export interface IncomingMessage {
  topic: string;
  partition: number;
  offset: string;
  key: string | null;
  value: string | null;
  headers: Record<string, string>;
}

export interface MessagePublisher {
  /** Resolves once the broker acknowledged every message (acks=all, idempotent producer). */
  publish(messages: OutgoingMessage[]): Promise<void>;
}

export interface SubscriptionOptions {
  groupId: string;
  topics: string[];
  /** Start from the earliest offset when the group has none committed (default true). */
  fromBeginning?: boolean;
  /**
   * Handles one message. The offset is committed only after this resolves; a rejection is
   * retried (the caller decides when to give up and park the message).
   */
  handle(message: IncomingMessage): Promise<void>;
  /**
   * When set, used instead of `handle`: consecutive messages of one partition (in offset order, at
   * most `maxBatchSize`), and the offset after the last is committed once this resolves.
   */
  handleBatch?(messages: IncomingMessage[]): Promise<void>;
  maxBatchSize?: number;
}

export interface Subscription {
  stop(): Promise<void>;
}

export interface MessageSubscriber {
  subscribe(options: SubscriptionOptions): Promise<Subscription>;
}
