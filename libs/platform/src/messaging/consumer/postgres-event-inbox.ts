import type { DataSource, EntityManager } from 'typeorm';
import { backgroundQuery, backgroundTransaction } from '../../database/background-connections';
import type { DeadLetter, EventInbox, InboxOutcome, RunOnceOptions } from './event-inbox';
import { schemaOf, quoteIdent } from '../persistence/schema';

/**
 * Inbox rows in the service schema, written in the same transaction as the handler's effect — on
 * the connections kept for background work (ADR 0010).
 */
export class PostgresEventInbox implements EventInbox {
  private readonly schema: string;

  constructor(private readonly dataSource: DataSource) {
    this.schema = quoteIdent(schemaOf(dataSource));
  }

  runOnce(
    consumerGroup: string,
    eventId: string,
    effect: (manager?: EntityManager) => Promise<void>,
    { connections = 'kept' }: RunOnceOptions = {},
  ): Promise<InboxOutcome> {
    const work = async (manager: EntityManager): Promise<InboxOutcome> => {
      const inserted: unknown[] = await manager.query(
        `INSERT INTO ${this.schema}.inbox (consumer_group, event_id) VALUES ($1, $2) ON CONFLICT DO NOTHING RETURNING event_id`,
        [consumerGroup, eventId],
      );
      if (inserted.length === 0) return 'duplicate';
      await effect(manager);
      return 'handled';
    };
    return connections === 'shared' ? this.dataSource.transaction(work) : backgroundTransaction(this.dataSource, work);
  }

  async runBatchOnce(
    consumerGroup: string,
    eventIds: readonly string[],
    effect: (fresh: ReadonlySet<string>, manager: EntityManager) => Promise<void>,
  ): Promise<void> {
    await backgroundTransaction(this.dataSource, async (manager) => {
      // One statement for the whole batch; an id delivered twice in it is inserted once.
      const inserted: Array<{ event_id: string }> = await manager.query(
        `INSERT INTO ${this.schema}.inbox (consumer_group, event_id)
         SELECT $1, event_id FROM unnest($2::uuid[]) AS event_id
         ON CONFLICT DO NOTHING RETURNING event_id`,
        [consumerGroup, eventIds],
      );
      await effect(new Set(inserted.map((row) => row.event_id)), manager);
    });
  }

  async park(letter: DeadLetter): Promise<void> {
    // The unique key makes parking idempotent when the offset commit after a park is lost.
    await backgroundQuery(
      this.dataSource,
      `INSERT INTO ${this.schema}.dead_letters
         (consumer_group, topic, partition, kafka_offset, message_key, value, headers, error, attempts)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)
       ON CONFLICT (consumer_group, topic, partition, kafka_offset) DO NOTHING`,
      [letter.consumerGroup, letter.topic, letter.partition, letter.offset, letter.key, letter.value, JSON.stringify(letter.headers), letter.error, letter.attempts],
    );
  }
}
