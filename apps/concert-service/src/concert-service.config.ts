import { baseConfigSchema, databaseConfigSchema, env, messagingConfigSchema, redisConfigSchema } from '@concert/platform';
import type { z } from 'zod';

/** Everything concert-service reads from the environment, validated at start-up. */
export const concertServiceConfigSchema = baseConfigSchema
  .merge(databaseConfigSchema)
  .merge(redisConfigSchema)
  .merge(messagingConfigSchema)
  .extend({
    PORT: env.port(3002),
    /** Key of the admin API (header X-Admin-Key). */
    ADMIN_API_KEY: env.string('dev-admin-key'),
    /** false: every read goes to Postgres (the "uncached" side of benchmarks). Invalidations still run. */
    CACHE_ENABLED: env.bool(true),
    /**
     * Safety-net lifetime of a cached seat map or schedule list. Correctness does not depend on
     * it (events invalidate, versions refuse stale writes); it bounds the damage of a lost
     * invalidation, e.g. while Redis was unreachable.
     */
    CACHE_TTL_MS: env.int(10_000, { min: 100, max: 3_600_000 }),
    /** How long one process may hold the cross-process rebuild lock of a cache key. */
    CACHE_LOCK_TTL_MS: env.int(2_000, { min: 50, max: 60_000 }),
    /** How long a request waits for another process to rebuild a key before reading Postgres itself. */
    CACHE_LOCK_WAIT_MS: env.int(150, { min: 0, max: 5_000 }),
    /** Upper bound of one Redis call on the read path; slower means "cache unavailable", read Postgres. */
    CACHE_OPERATION_TIMEOUT_MS: env.int(500, { min: 10, max: 10_000 }),
  });

export type ConcertServiceConfig = z.infer<typeof concertServiceConfigSchema>;
