import { randomUUID } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { type EventPayload, parseEventPayload, type Topic } from '@concert/contracts';
import type { EntityManager } from 'typeorm';
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
    const payload = parseEventPayload(event.topic, event.payload);
    const id = event.eventId ?? randomUUID();
    const occurredAt = event.occurredAt ?? new Date().toISOString();
    const schema = schemaOf(manager.connection);
    // One round trip: insert, then queue the NOTIFY (Postgres delivers it at commit, and
    // collapses identical notifications of one transaction into one).
    await manager.query(
      `WITH inserted AS (
         INSERT INTO ${quoteIdent(schema)}.outbox (id, topic, message_key, payload, headers)
         VALUES ($1, $2, $3, $4::jsonb, $5::jsonb) RETURNING id
       )
       SELECT pg_notify($6, '') FROM inserted`,
      [id, event.topic, event.key, JSON.stringify(payload), JSON.stringify(eventHeaders(id, event.topic, occurredAt, event.requestId)), outboxChannel(schema)],
    );
    return id;
  }
}
