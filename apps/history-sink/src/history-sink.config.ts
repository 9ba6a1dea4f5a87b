import { baseConfigSchema, databaseConfigSchema, env, messagingConfigSchema } from '@concert/platform';
import { z } from 'zod';

/** Everything history-sink reads from the environment, validated at start-up. */
export const historySinkConfigSchema = baseConfigSchema
  .merge(databaseConfigSchema)
  .merge(messagingConfigSchema)
  .extend({
    PORT: env.port(3005),
    /** The data platform's intake; when unset, events are only recorded here. */
    DATA_PLATFORM_URL: env
      .optionalString()
      .pipe(z.string().url('must be an http(s) URL').refine((value) => /^https?:/.test(value), 'must be an http(s) URL').optional()),
    /** Events forwarded per HTTP call. */
    DATA_PLATFORM_BATCH_SIZE: env.int(100, { min: 1, max: 1_000 }),
    DATA_PLATFORM_TIMEOUT_MS: env.int(3_000, { min: 100, max: 60_000 }),
    /** Cap of the exponential backoff between failed forwards. */
    DATA_PLATFORM_RETRY_MAX_DELAY_MS: env.int(30_000, { min: 100, max: 600_000 }),
  });

export type HistorySinkConfig = z.infer<typeof historySinkConfigSchema>;
