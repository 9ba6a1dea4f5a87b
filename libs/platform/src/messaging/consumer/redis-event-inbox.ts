import type Redis from 'ioredis';
import type { DeadLetter, EventInbox, InboxOutcome } from './event-inbox';

export const redisInboxKey = (consumerGroup: string, eventId: string) => `inbox:${consumerGroup}:${eventId}`;
export const redisDeadLetterKey = (consumerGroup: string) => `dlq:${consumerGroup}`;

/**
 * Inbox for a service without a database (queue-service). Redis cannot commit the handler's
 * effect and the inbox mark together, so the mark is set after the handler succeeded and checked
 * before: a crash in between redelivers the event, and handlers must be idempotent themselves.
 */
export class RedisEventInbox implements EventInbox {
  constructor(
    private readonly redis: Redis,
    private readonly ttlDays: number,
  ) {}

  async runOnce(consumerGroup: string, eventId: string, effect: () => Promise<void>): Promise<InboxOutcome> {
    const key = redisInboxKey(consumerGroup, eventId);
    if ((await this.redis.exists(key)) === 1) return 'duplicate';
    await effect();
    await this.redis.set(key, '1', 'EX', this.ttlDays * 86_400, 'NX');
    return 'handled';
  }

  async park(letter: DeadLetter): Promise<void> {
    await this.redis.rpush(redisDeadLetterKey(letter.consumerGroup), JSON.stringify({ ...letter, createdAt: new Date().toISOString() }));
  }
}
