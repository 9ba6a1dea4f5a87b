import type Redis from 'ioredis';
import type { DeadLetterSink } from '../dead-letters/dead-letter-topic';
import type { DeadLetter, EventInbox, InboxOutcome } from './event-inbox';

export const redisInboxKey = (consumerGroup: string, eventId: string) => `inbox:${consumerGroup}:${eventId}`;
/**
 * @deprecated Where queue-service parked dead letters until they moved to Kafka (ADR 0019). Only
 * the redrive still reads these lists, for one release, so that letters parked before the upgrade
 * are re-driven too; nothing writes them any more.
 */
export const redisDeadLetterKey = (consumerGroup: string) => `dlq:${consumerGroup}`;

/**
 * Inbox for a service without a database (queue-service). Redis cannot commit the handler's
 * effect and the inbox mark together, so the mark is set after the handler succeeded and checked
 * before: a crash in between redelivers the event, and handlers must be idempotent themselves.
 *
 * Dead letters do not go to Redis: with `appendfsync everysec` a crash can take the last second of
 * writes with it, and the consumer would already have committed the offset of a message whose only
 * trace was that write. They go to the group's dead-letter topic on Kafka (`DeadLetterTopic`), and
 * `park` resolves only once the broker acknowledged the letter, so the offset is committed after it.
 */
export class RedisEventInbox implements EventInbox {
  constructor(
    private readonly redis: Redis,
    private readonly ttlDays: number,
    private readonly deadLetters: DeadLetterSink,
  ) {}

  async runOnce(consumerGroup: string, eventId: string, effect: () => Promise<void>): Promise<InboxOutcome> {
    const key = redisInboxKey(consumerGroup, eventId);
    if ((await this.redis.exists(key)) === 1) return 'duplicate';
    await effect();
    await this.redis.set(key, '1', 'EX', this.ttlDays * 86_400, 'NX');
    return 'handled';
  }

  async park(letter: DeadLetter): Promise<void> {
    await this.deadLetters.park(letter);
  }
}
