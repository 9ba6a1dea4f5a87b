import type { Topic } from '@concert/contracts';
import type { OutboxWriter } from '@concert/platform';
import type { EntityManager } from 'typeorm';
import type { EventOutbox, OutgoingEvent } from '../application/event-outbox';
import { heldWritesOf } from './sql';

/**
 * The EventOutbox port on the platform's transactional outbox, in the manager's transaction (held
 * back with the transaction's other writes when it defers them).
 */
export class OutboxEventOutbox implements EventOutbox {
  constructor(
    private readonly writer: OutboxWriter,
    private readonly manager: EntityManager,
  ) {}

  async append<T extends Topic>(event: OutgoingEvent<T>): Promise<void> {
    const outboxEvent = {
      topic: event.topic,
      key: event.key,
      payload: event.payload,
      occurredAt: event.occurredAt.toISOString(),
      ...(event.requestId ? { requestId: event.requestId } : {}),
    };
    const held = heldWritesOf(this.manager);
    if (!held) {
      await this.writer.append(this.manager, outboxEvent);
      return;
    }
    const { insert, notifyChannel } = this.writer.prepare(this.manager, [outboxEvent]);
    held.add(insert);
    held.notifyWith(notifyChannel);
  }
}
