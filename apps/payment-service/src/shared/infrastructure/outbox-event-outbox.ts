import type { Topic } from '@concert/contracts';
import type { OutboxWriter } from '@concert/platform';
import type { EntityManager } from 'typeorm';
import type { EventOutbox, OutgoingEvent } from '../application/event-outbox';

/** The EventOutbox port on the platform's transactional outbox, in the manager's transaction. */
export class OutboxEventOutbox implements EventOutbox {
  constructor(
    private readonly writer: OutboxWriter,
    private readonly manager: EntityManager,
  ) {}

  async append<T extends Topic>(event: OutgoingEvent<T>): Promise<void> {
    await this.writer.append(this.manager, {
      topic: event.topic,
      key: event.key,
      payload: event.payload,
      occurredAt: event.occurredAt.toISOString(),
      ...(event.requestId ? { requestId: event.requestId } : {}),
    });
  }
}
