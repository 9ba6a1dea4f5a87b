import { randomUUID } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { type EventPayload, parseEventPayload, type Topic } from '@concert/contracts';
import type { EntityManager } from 'typeorm';
import type { SqlStatement } from '../../database/deferred-writes';
import { eventHeaders } from '../event-codec';
import { outboxChannel, quoteIdent, schemaOf } from '../persistence/schema';

export interface OutboxEvent<T extends Topic> {
  topic: T;
  /** Partition key: the aggregate id (reservationId, userId, …), so its events stay in order. */
  key: string;
  payload: EventPayload<T>;
  requestId?: string;
  /** Defaults to a new UUID. */
  eventId?: string;
  /** ISO-8601; defaults to now. Pass the use case's clock time where it matters. */
  occurredAt?: string;
}

/** Writes events into the outbox of the service schema, inside the caller's transaction. */
@Injectable()
export class OutboxWriter {
  /** Validates payload with parseEventPayload(topic, …), inserts an outbox row in the caller's transaction, NOTIFYs the relay (pg_notify, delivered at commit). Returns the event id (uuid). */
  async append<T extends Topic>(manager: EntityManager, event: OutboxEvent<T>): Promise<string> {
    if (!manager.queryRunner?.isTransactionActive) {
      throw new Error('OutboxWriter.append needs the EntityManager of an open transaction (dataSource.transaction(manager => …))');
    }
    const [id] = await this.appendAll(manager, [event]);
    return id;
  }

  /** `append` for several events in one statement, published in the given order. Returns their ids. */
  async appendAll(manager: EntityManager, events: ReadonlyArray<OutboxEvent<Topic>>): Promise<string[]> {
    if (!manager.queryRunner?.isTransactionActive) {
      throw new Error('OutboxWriter.append needs the EntityManager of an open transaction (dataSource.transaction(manager => …))');
    }
    if (events.length === 0) return [];
    const { insert, notifyChannel, ids } = this.prepare(manager, events);
    await manager.query(
      `WITH inserted AS (${insert.sql} RETURNING id)
       SELECT pg_notify($${insert.parameters.length + 1}, '') FROM inserted LIMIT 1`,
      [...insert.parameters, notifyChannel],
    );
    return ids;
  }

  /**
   * The INSERT of these events (validated, in the given order) for the caller to run inside its
   * transaction — alone or with other writes — together with a NOTIFY on `notifyChannel` for the
   * relay. `append` and `appendAll` run exactly this.
   */
  prepare(manager: EntityManager, events: ReadonlyArray<OutboxEvent<Topic>>): { insert: SqlStatement; notifyChannel: string; ids: string[] } {
    const rows = events.map((event) => {
      const id = event.eventId ?? randomUUID();
      const occurredAt = event.occurredAt ?? new Date().toISOString();
      const payload = parseEventPayload(event.topic, event.payload);
      return { id, topic: event.topic, key: event.key, payload: JSON.stringify(payload), headers: JSON.stringify(eventHeaders(id, event.topic, occurredAt, event.requestId)) };
    });
    const schema = schemaOf(manager.connection);
    return {
      insert: {
        sql: `INSERT INTO ${quoteIdent(schema)}.outbox (id, topic, message_key, payload, headers, created_at)
         SELECT id, topic, message_key, payload, headers, clock_timestamp() + (position - 1) * interval '1 microsecond'
           FROM unnest($1::uuid[], $2::text[], $3::text[], $4::jsonb[], $5::jsonb[]) WITH ORDINALITY
                AS e(id, topic, message_key, payload, headers, position)
          ORDER BY position`,
        parameters: [rows.map((row) => row.id), rows.map((row) => row.topic), rows.map((row) => row.key), rows.map((row) => row.payload), rows.map((row) => row.headers)],
      },
      notifyChannel: outboxChannel(schema),
      ids: rows.map((row) => row.id),
    };
  }
}
