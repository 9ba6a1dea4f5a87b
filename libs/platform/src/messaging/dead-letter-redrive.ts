import type Redis from 'ioredis';
import type { Client } from 'pg';
import type { OutgoingMessage, MessagePublisher } from './message-bus.port';
import type { DeadLetter } from './consumer/event-inbox';
import { outboxChannel, quoteIdent } from './persistence/schema';

export interface SchemaRedriveResult {
  schema: string;
  /** false when the schema has no dead_letters table (service not migrated here). */
  present: boolean;
  redriven: number;
  /** Dead letters without a value: nothing to publish, marked redriven. */
  skipped: number;
  /** Parked outbox rows made due again. */
  unparkedOutbox: number;
}

interface DeadLetterRow {
  id: string;
  topic: string;
  message_key: string | null;
  value: string | null;
  headers: Record<string, string> | null;
}

/**
 * Re-publishes the dead letters of one service schema (original topic, key, value and headers)
 * and marks them redriven, in batches, each batch in a transaction (a failed publish leaves the
 * batch unmarked). Also makes parked outbox rows due again.
 */
export async function redriveSchema(client: Client, schema: string, publisher: MessagePublisher, batchSize = 500): Promise<SchemaRedriveResult> {
  const result: SchemaRedriveResult = { schema, present: false, redriven: 0, skipped: 0, unparkedOutbox: 0 };
  const { rows: present } = await client.query<{ dl: string | null; ob: string | null }>(
    'SELECT to_regclass($1) AS dl, to_regclass($2) AS ob',
    [`${quoteIdent(schema)}.dead_letters`, `${quoteIdent(schema)}.outbox`],
  );
  if (!present[0]?.dl) return result;
  result.present = true;
  const s = quoteIdent(schema);
  for (;;) {
    await client.query('BEGIN');
    try {
      const { rows } = await client.query<DeadLetterRow>(
        `SELECT id, topic, message_key, value, headers FROM ${s}.dead_letters
          WHERE redriven_at IS NULL ORDER BY id LIMIT $1 FOR UPDATE SKIP LOCKED`,
        [batchSize],
      );
      if (rows.length === 0) {
        await client.query('COMMIT');
        break;
      }
      const messages: OutgoingMessage[] = rows
        .filter((row) => row.value !== null)
        .map((row) => ({ topic: row.topic, key: row.message_key ?? '', value: row.value as string, headers: row.headers ?? {} }));
      await publisher.publish(messages);
      await client.query(`UPDATE ${s}.dead_letters SET redriven_at = now() WHERE id = ANY($1::bigint[])`, [rows.map((row) => row.id)]);
      await client.query('COMMIT');
      result.redriven += messages.length;
      result.skipped += rows.length - messages.length;
      if (rows.length < batchSize) break;
    } catch (error) {
      await client.query('ROLLBACK').catch(() => undefined);
      throw error;
    }
  }
  if (present[0]?.ob) {
    const unparked = await client.query(
      `UPDATE ${s}.outbox SET parked_at = NULL, attempts = 0, available_at = now(), last_error = NULL
        WHERE parked_at IS NOT NULL AND sent_at IS NULL`,
    );
    result.unparkedOutbox = unparked.rowCount ?? 0;
    if (result.unparkedOutbox > 0) await client.query('SELECT pg_notify($1, $2)', [outboxChannel(schema), '']);
  }
  return result;
}

export interface RedisRedriveResult {
  list: string;
  redriven: number;
}

/**
 * Re-publishes the Redis dead-letter lists (`dlq:<group>`, under the client's key prefix), oldest
 * first, removing what was published.
 */
export async function redriveRedisLists(redis: Redis, publisher: MessagePublisher, batchSize = 500): Promise<RedisRedriveResult[]> {
  const prefix = redis.options.keyPrefix ?? '';
  const lists = new Set<string>();
  let cursor = '0';
  do {
    // SCAN patterns are not prefixed by ioredis: add the prefix, strip it from the results.
    const [next, keys] = await redis.scan(cursor, 'MATCH', `${prefix}dlq:*`, 'COUNT', 500);
    cursor = next;
    for (const key of keys) lists.add(key.slice(prefix.length));
  } while (cursor !== '0');
  const results: RedisRedriveResult[] = [];
  for (const list of [...lists].sort()) {
    const result = { list, redriven: 0 };
    for (;;) {
      const items = await redis.lrange(list, 0, batchSize - 1);
      if (items.length === 0) break;
      const messages: OutgoingMessage[] = [];
      for (const item of items) {
        const letter = JSON.parse(item) as DeadLetter;
        if (letter.value !== null) messages.push({ topic: letter.topic, key: letter.key ?? '', value: letter.value, headers: letter.headers });
      }
      await publisher.publish(messages);
      // Appends go to the tail (RPUSH), so trimming the head removes exactly what was published.
      await redis.ltrim(list, items.length, -1);
      result.redriven += messages.length;
    }
    results.push(result);
  }
  return results;
}
