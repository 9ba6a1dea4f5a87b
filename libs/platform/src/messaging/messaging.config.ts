import { type z } from 'zod';
import { env, kafkaConfigSchema } from '../config/config';

/**
 * Messaging settings. Services extend their config schema with this (it includes
 * `kafkaConfigSchema`); every tuning variable has a default, only the Kafka ones are required
 * in the config object that MessagingModule reads from APP_CONFIG.
 */
export const messagingConfigSchema = kafkaConfigSchema.extend({
  /** Consumer session timeout: how long a dead consumer keeps its partitions (broker minimum 6000). */
  KAFKA_SESSION_TIMEOUT_MS: env.int(30_000, { min: 6_000, max: 300_000 }),
  /** Failed publish attempts before an outbox row is parked (parked_at set, never retried by itself). */
  OUTBOX_MAX_ATTEMPTS: env.int(3_000, { min: 1, max: 100_000 }),
  /** Sent outbox rows older than this are deleted (in small batches). */
  OUTBOX_RETENTION_HOURS: env.int(24, { min: 0, max: 24 * 365 }),
  /** Fallback poll of the relay when no NOTIFY arrives. */
  OUTBOX_POLL_INTERVAL_MS: env.int(500, { min: 10, max: 60_000 }),
  /** Rows claimed and published per producer call. */
  OUTBOX_BATCH_SIZE: env.int(200, { min: 1, max: 5_000 }),
  /** Cap of the exponential publish backoff. */
  OUTBOX_RETRY_MAX_DELAY_MS: env.int(30_000, { min: 10, max: 3_600_000 }),
  /** In-process attempts of a failing handler before the message is parked. */
  CONSUMER_MAX_ATTEMPTS: env.int(5, { min: 1, max: 100 }),
  /** Cap of the handler retry backoff (which starts at 100 ms). */
  CONSUMER_RETRY_MAX_DELAY_MS: env.int(5_000, { min: 1, max: 60_000 }),
  /** Most messages of one partition handled in one inbox transaction (groups registered as batched). */
  CONSUMER_BATCH_SIZE: env.int(100, { min: 1, max: 1_000 }),
  /** How long the Redis inbox remembers a handled event id. */
  INBOX_REDIS_TTL_DAYS: env.int(7, { min: 1, max: 365 }),
});

export type MessagingConfig = z.infer<typeof messagingConfigSchema>;

const defaults: MessagingConfig = messagingConfigSchema.parse({});

/**
 * Settings from the service's validated config object. KAFKA_BROKERS must be there (the service
 * schema extends `kafkaConfigSchema` or `messagingConfigSchema`); tuning values fall back to defaults.
 */
export function resolveMessagingConfig(config: object): MessagingConfig {
  const given = config as Partial<MessagingConfig>;
  if (!Array.isArray(given.KAFKA_BROKERS) || given.KAFKA_BROKERS.length === 0) {
    throw new Error('MessagingModule needs KAFKA_BROKERS in the service config: extend the schema with messagingConfigSchema (or kafkaConfigSchema)');
  }
  const resolved: Record<string, unknown> = { ...defaults };
  for (const key of Object.keys(defaults) as Array<keyof MessagingConfig>) {
    if (given[key] !== undefined) resolved[key] = given[key];
  }
  return resolved as MessagingConfig;
}
