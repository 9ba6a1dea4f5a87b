/**
 * Re-drives parked messages: every dead letter not yet redriven in the service schemas, the
 * letters on the Kafka dead-letter topics (`dlq.<group>.v1`, queue-service's), parked outbox rows
 * (made due again), and — for one release, as a migration path — the Redis dead-letter lists
 * `dlq:<group>` that queue-service wrote before its letters moved to Kafka (ADR 0019).
 *
 *   node -r @swc-node/register scripts/dlq-redrive.ts
 *
 * Reads DATABASE_URL, REDIS_URL, REDIS_KEY_PREFIX, KAFKA_BROKERS, KAFKA_TOPIC_PREFIX,
 * DLQ_SCHEMAS (default concert,reservation,payment,history), DLQ_KAFKA (default true),
 * DLQ_REDRIVE_STALL_TIMEOUT_MS (default 120000), DLQ_REDIS (default true; goes with the lists).
 */
import 'reflect-metadata';
import {
  createRedis,
  databaseConfigSchema,
  env,
  KafkajsMessageBus,
  kafkaConfigSchema,
  loadConfig,
  redisConfigSchema,
  redriveDeadLetterTopics,
  redriveRedisLists,
  redriveSchema,
} from '@concert/platform';
import { Client } from 'pg';

const configSchema = databaseConfigSchema.merge(redisConfigSchema).merge(kafkaConfigSchema).extend({
  DLQ_SCHEMAS: env.list('concert,reservation,payment,history'),
  DLQ_KAFKA: env.bool(true),
  DLQ_REDRIVE_STALL_TIMEOUT_MS: env.int(120_000, { min: 1_000, max: 3_600_000 }),
  /** Migration path for one release: the lists queue-service wrote before ADR 0019. */
  DLQ_REDIS: env.bool(true),
});

async function main(): Promise<void> {
  const config = loadConfig(configSchema);
  const bus = new KafkajsMessageBus({ brokers: config.KAFKA_BROKERS, clientId: 'dlq-redrive', topicPrefix: config.KAFKA_TOPIC_PREFIX });
  const client = new Client({ connectionString: config.DATABASE_URL, application_name: 'dlq-redrive' });
  const redis = config.DLQ_REDIS ? createRedis(config, 'dlq-redrive') : undefined;
  let total = 0;
  try {
    await client.connect();
    for (const schema of config.DLQ_SCHEMAS) {
      const result = await redriveSchema(client, schema, bus);
      if (!result.present) {
        console.log(`${schema}: no dead_letters table, skipped`);
        continue;
      }
      total += result.redriven;
      console.log(`${schema}: redriven ${result.redriven} dead letter(s), skipped ${result.skipped} without value, un-parked ${result.unparkedOutbox} outbox row(s)`);
    }
    if (config.DLQ_KAFKA) {
      // Its own consumer group (`dlq-redrive`), committed after each letter's publish.
      const topics = await redriveDeadLetterTopics(bus, bus, {
        stallTimeoutMs: config.DLQ_REDRIVE_STALL_TIMEOUT_MS,
        logger: { warn: (message: unknown) => console.warn(String(message)) },
      });
      for (const topic of topics) {
        total += topic.redriven;
        console.log(`kafka ${topic.topic}: redriven ${topic.redriven} dead letter(s), skipped ${topic.skipped} without value, passed over ${topic.unreadable} unreadable`);
      }
      if (topics.length === 0) console.log('kafka: no dead-letter topics');
    }
    if (redis) {
      const lists = await redriveRedisLists(redis, bus);
      for (const list of lists) {
        total += list.redriven;
        console.log(`redis ${list.list} (parked before the move to Kafka): redriven ${list.redriven} dead letter(s)`);
      }
      if (lists.length === 0) console.log('redis: no dead-letter lists');
    }
    console.log(`total redriven: ${total}`);
  } finally {
    await Promise.allSettled([client.end(), bus.disconnect(), redis?.quit()]);
  }
}

main().catch((error: unknown) => {
  console.error(`dlq-redrive failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
  process.exit(1);
});
