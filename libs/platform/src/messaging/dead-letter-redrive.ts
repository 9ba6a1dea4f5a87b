import type { LoggerService } from '@nestjs/common';
import type Redis from 'ioredis';
import type { Client } from 'pg';
import { sleep as realSleep } from './backoff';
import type { OutgoingMessage, MessagePublisher, MessageSubscriber } from './message-bus.port';
import type { DeadLetter } from './consumer/event-inbox';
import { consumerGroupOfDeadLetterTopic, decodeDeadLetter, UnreadableDeadLetterError } from './dead-letters/dead-letter-topic';
import type { PartitionOffsets } from './kafkajs-message-bus';
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
 *
 * @deprecated Migration path for one release: queue-service parks on its dead-letter topic now
 * (ADR 0019); this only drains the letters it parked in Redis before the upgrade.
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

/** What the redrive of the dead-letter topics needs of the bus (KafkajsMessageBus has it all). */
export interface DeadLetterTopicSource extends MessageSubscriber {
  /** Logical names of the topics (under the bus's prefix). */
  listTopics(): Promise<string[]>;
  partitionOffsets(topic: string, groupId: string): Promise<PartitionOffsets[]>;
}

export interface DeadLetterTopicRedriveOptions {
  /** The redrive's own consumer group (logical id), default `dlq-redrive`. */
  groupId?: string;
  /** How often the group's committed offsets are checked, default 200 ms. */
  pollIntervalMs?: number;
  /**
   * Give up (reject) when the group's committed offsets have not moved for this long, default
   * 120 s: longer than a session timeout, which a previous run that died may make the group wait.
   */
  stallTimeoutMs?: number;
  logger?: Pick<LoggerService, 'warn'>;
  sleep?: (ms: number) => Promise<void>;
  now?: () => number;
}

export interface TopicRedriveResult {
  topic: string;
  consumerGroup: string;
  /** Letters re-published to their original topic. */
  redriven: number;
  /** Letters without a value (a tombstone parked as malformed): nothing to publish. */
  skipped: number;
  /** Messages of the topic that are not letters this system can re-drive (logged, passed over). */
  unreadable: number;
}

/** The dead-letter topics (`dlq.<group>.v1`) one after the other, in name order. */
export async function redriveDeadLetterTopics(
  source: DeadLetterTopicSource,
  publisher: MessagePublisher,
  options: DeadLetterTopicRedriveOptions = {},
): Promise<TopicRedriveResult[]> {
  const topics = (await source.listTopics()).filter((topic) => consumerGroupOfDeadLetterTopic(topic) !== null).sort();
  const results: TopicRedriveResult[] = [];
  for (const topic of topics) results.push(await redriveDeadLetterTopic(source, publisher, topic, options));
  return results;
}

/** The offset a group reads next on a partition: its commit, or the first kept one when it has none (or retention passed it). */
function nextOffset(partition: PartitionOffsets): bigint {
  const low = BigInt(partition.low);
  return partition.committed === null ? low : BigInt(partition.committed) > low ? BigInt(partition.committed) : low;
}

/**
 * Re-publishes the letters of one dead-letter topic to their original topics (original key, value
 * and headers) through a consumer group of the redrive's own: its offset is committed after each
 * letter's publish was acknowledged, so a letter is re-published once per letter — at least once: a
 * crash between the publish and the commit publishes it again on the next run, and the consumers'
 * inboxes skip the second copy by its event id. Reads the letters the topic holds when the call
 * starts and returns once the group committed past all of them; letters parked meanwhile (by a
 * handler that still fails) may be re-driven now or wait for the next run.
 */
export async function redriveDeadLetterTopic(
  source: DeadLetterTopicSource,
  publisher: MessagePublisher,
  topic: string,
  options: DeadLetterTopicRedriveOptions = {},
): Promise<TopicRedriveResult> {
  const consumerGroup = consumerGroupOfDeadLetterTopic(topic);
  if (consumerGroup === null) throw new Error(`${topic} is not a dead-letter topic (dlq.<group>.v1)`);
  const groupId = options.groupId ?? 'dlq-redrive';
  const pollIntervalMs = options.pollIntervalMs ?? 200;
  const stallTimeoutMs = options.stallTimeoutMs ?? 120_000;
  const sleep = options.sleep ?? realSleep;
  const now = options.now ?? Date.now;
  const result: TopicRedriveResult = { topic, consumerGroup, redriven: 0, skipped: 0, unreadable: 0 };

  // The end of this run: each partition's high watermark now, where the group is behind it.
  const targets = new Map<number, bigint>();
  for (const partition of await source.partitionOffsets(topic, groupId)) {
    if (nextOffset(partition) < BigInt(partition.high)) targets.set(partition.partition, BigInt(partition.high));
  }
  if (targets.size === 0) return result;

  const subscription = await source.subscribe({
    groupId,
    topics: [topic],
    fromBeginning: true,
    // One message at a time: the bus commits its offset once this resolved.
    handle: async (message) => {
      let letter;
      try {
        letter = decodeDeadLetter(message);
      } catch (error) {
        if (!(error instanceof UnreadableDeadLetterError)) throw error;
        // Re-driving it cannot work; it stays on the topic for inspection until retention.
        options.logger?.warn(`passing over ${error.message}`);
        result.unreadable++;
        return;
      }
      if (letter.value === null) {
        result.skipped++;
        return;
      }
      await publisher.publish([{ topic: letter.topic, key: letter.key ?? '', value: letter.value, headers: letter.headers }]);
      result.redriven++;
    },
  });
  try {
    let progress = -1n;
    let movedAt = now();
    for (;;) {
      const offsets = new Map((await source.partitionOffsets(topic, groupId)).map((partition) => [partition.partition, partition]));
      let behind = 0n;
      let position = 0n;
      for (const [partition, high] of targets) {
        const current = offsets.get(partition);
        const next = current ? nextOffset(current) : 0n;
        position += next;
        if (next < high) behind += high - next;
      }
      if (behind === 0n) break;
      if (position !== progress) {
        progress = position;
        movedAt = now();
      } else if (now() - movedAt >= stallTimeoutMs) {
        throw new Error(
          `redrive of ${topic} made no progress for ${stallTimeoutMs} ms with ${behind} letter(s) to go (re-published so far: ${result.redriven}); ` +
            'what was re-published stays committed: fix the cause (the log says why publishing failed) and run again',
        );
      }
      await sleep(pollIntervalMs);
    }
  } finally {
    // Waits for a letter in flight, which then is committed too (or comes back next run).
    await subscription.stop();
  }
  return result;
}
