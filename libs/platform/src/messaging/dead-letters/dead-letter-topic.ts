import { ALL_TOPICS } from '@concert/contracts';
import type { DeadLetter } from '../consumer/event-inbox';
import type { IncomingMessage, MessagePublisher, OutgoingMessage } from '../message-bus.port';

/**
 * Dead letters on Kafka (ADR 0019): each consumer group has a topic `dlq.<group>.v1` (logical name;
 * the bus prepends KAFKA_TOPIC_PREFIX) that only its service writes and only the redrive reads.
 * The standard dead-letter-topic shape: the original key and value byte for byte, the original
 * headers, and what the letter is about in `dlq-*` headers. The value is not wrapped, so a letter is
 * never larger than the message it parks (a wrapped one could exceed the broker's size limit and
 * then could not be parked at all).
 */
export const DEAD_LETTER_HEADER_PREFIX = 'dlq-';
export const DeadLetterHeaders = {
  ConsumerGroup: 'dlq-consumer-group',
  Topic: 'dlq-original-topic',
  Partition: 'dlq-original-partition',
  Offset: 'dlq-original-offset',
  Error: 'dlq-error',
  Attempts: 'dlq-attempts',
  CreatedAt: 'dlq-created-at',
  /** Set ('true') when the original key, or value, was null: the port only carries strings. */
  NullKey: 'dlq-null-key',
  NullValue: 'dlq-null-value',
} as const;

// Kafka topic names allow [a-zA-Z0-9._-], at most 249 characters.
const GROUP_NAME = /^[A-Za-z0-9._-]{1,200}$/;
const DEAD_LETTER_TOPIC = /^dlq\.([A-Za-z0-9._-]{1,200})\.v1$/;
const CONTRACT_TOPICS: ReadonlySet<string> = new Set(ALL_TOPICS);

/** The dead-letter topic of a consumer group (logical name). */
export function deadLetterTopic(consumerGroup: string): string {
  if (!GROUP_NAME.test(consumerGroup)) throw new Error(`consumer group ${JSON.stringify(consumerGroup)} cannot name a Kafka topic: use [A-Za-z0-9._-]`);
  return `dlq.${consumerGroup}.v1`;
}

/** The consumer group whose dead-letter topic this is, or null when it is not one. */
export function consumerGroupOfDeadLetterTopic(topic: string): string | null {
  return DEAD_LETTER_TOPIC.exec(topic)?.[1] ?? null;
}

/** A dead letter as read back from its topic. */
export interface DeadLetterRecord extends DeadLetter {
  createdAt: string;
}

/** Where the inbox parks what it cannot handle. */
export interface DeadLetterSink {
  /** Resolves once the letter is durable; until then the message must not count as done. */
  park(letter: DeadLetter): Promise<void>;
}

export function encodeDeadLetter(letter: DeadLetter, createdAt: Date): OutgoingMessage {
  const headers: Record<string, string> = {};
  // The original headers first, so that a stray `dlq-*` among them cannot pass for ours.
  for (const [name, value] of Object.entries(letter.headers)) if (!name.startsWith(DEAD_LETTER_HEADER_PREFIX)) headers[name] = value;
  headers[DeadLetterHeaders.ConsumerGroup] = letter.consumerGroup;
  headers[DeadLetterHeaders.Topic] = letter.topic;
  headers[DeadLetterHeaders.Partition] = String(letter.partition);
  headers[DeadLetterHeaders.Offset] = letter.offset;
  headers[DeadLetterHeaders.Error] = letter.error;
  headers[DeadLetterHeaders.Attempts] = String(letter.attempts);
  headers[DeadLetterHeaders.CreatedAt] = createdAt.toISOString();
  if (letter.key === null) headers[DeadLetterHeaders.NullKey] = 'true';
  if (letter.value === null) headers[DeadLetterHeaders.NullValue] = 'true';
  // Keyed like the original: the letters of one aggregate share a partition and keep their order.
  return { topic: deadLetterTopic(letter.consumerGroup), key: letter.key ?? '', value: letter.value ?? '', headers };
}

/** A message of a dead-letter topic that is not a dead letter this system can re-drive. */
export class UnreadableDeadLetterError extends Error {
  constructor(message: IncomingMessage, reason: string) {
    super(`${message.topic}[${message.partition}]@${message.offset} is not a dead letter that can be re-driven: ${reason}`);
    this.name = 'UnreadableDeadLetterError';
  }
}

/**
 * Reads a message of a dead-letter topic back. Refuses (UnreadableDeadLetterError) one that is not
 * a letter of the topic's own group, or whose original topic is not a contract topic: the redrive
 * publishes to that topic with rights no service has, so it takes nothing else.
 */
export function decodeDeadLetter(message: IncomingMessage): DeadLetterRecord {
  const fail = (reason: string): never => {
    throw new UnreadableDeadLetterError(message, reason);
  };
  const group = consumerGroupOfDeadLetterTopic(message.topic) ?? fail('not a dead-letter topic');
  const header = (name: string): string => message.headers[name] ?? fail(`header ${name} missing`);
  const consumerGroup = header(DeadLetterHeaders.ConsumerGroup);
  if (consumerGroup !== group) fail(`letter of group ${consumerGroup} on the topic of ${group}`);
  const topic = header(DeadLetterHeaders.Topic);
  if (!CONTRACT_TOPICS.has(topic)) fail(`original topic ${topic} is not a contract topic`);
  const partition = Number(header(DeadLetterHeaders.Partition));
  const attempts = Number(header(DeadLetterHeaders.Attempts));
  const offset = header(DeadLetterHeaders.Offset);
  if (!Number.isSafeInteger(partition) || partition < 0 || !Number.isSafeInteger(attempts) || attempts < 0 || !/^\d+$/.test(offset)) {
    fail('partition, offset or attempts is not a whole number');
  }
  const headers: Record<string, string> = {};
  for (const [name, value] of Object.entries(message.headers)) if (!name.startsWith(DEAD_LETTER_HEADER_PREFIX)) headers[name] = value;
  return {
    consumerGroup,
    topic,
    partition,
    offset,
    key: message.headers[DeadLetterHeaders.NullKey] === 'true' ? null : (message.key ?? ''),
    value: message.headers[DeadLetterHeaders.NullValue] === 'true' ? null : (message.value ?? ''),
    headers,
    error: header(DeadLetterHeaders.Error),
    attempts,
    createdAt: header(DeadLetterHeaders.CreatedAt),
  };
}

/**
 * Parks dead letters on their group's topic through the message-bus port: `park` resolves once the
 * broker acknowledged the letter (acks=all, idempotent producer), so the caller commits the
 * original offset only after the letter is safe; if the publish fails, `park` rejects and the
 * message comes back.
 */
export class DeadLetterTopic implements DeadLetterSink {
  constructor(
    private readonly publisher: MessagePublisher,
    private readonly now: () => Date = () => new Date(),
  ) {}

  async park(letter: DeadLetter): Promise<void> {
    await this.publisher.publish([encodeDeadLetter(letter, this.now())]);
  }
}
