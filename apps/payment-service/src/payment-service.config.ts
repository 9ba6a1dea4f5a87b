import { baseConfigSchema, databaseConfigSchema, env, messagingConfigSchema } from '@concert/platform';
import { z } from 'zod';

function isHttpUrl(value: string): boolean {
  try {
    const { protocol } = new URL(value);
    return protocol === 'http:' || protocol === 'https:';
  } catch {
    return false;
  }
}

/** Everything payment-service reads from the environment, validated at start-up. */
export const paymentServiceConfigSchema = baseConfigSchema
  .merge(databaseConfigSchema)
  .merge(messagingConfigSchema)
  .extend({
    PORT: env.port(3004),
    /** reservation-service instances (comma list), tried round-robin, for a reservation the replica lacks. */
    RESERVATION_SERVICE_URLS: env
      .list('http://127.0.0.1:3003')
      .pipe(z.array(z.string().refine(isHttpUrl, 'must list http(s) URLs'))),
    /** Budget of one synchronous reservation check (connect + answer), per instance tried. */
    RESERVATION_SERVICE_TIMEOUT_MS: env.int(2_000, { min: 50, max: 30_000 }),
    /** How long an Idempotency-Key and its stored result are kept (API.md: at least 24 h). */
    IDEMPOTENCY_KEY_TTL_HOURS: env.int(24, { min: 1, max: 24 * 30 }),
    /** An IN_PROGRESS key older than this is taken over by a retry (its first request died). */
    IDEMPOTENCY_KEY_STALE_SECONDS: env.int(30, { min: 1, max: 3_600 }),
    /** How often expired keys are deleted. */
    IDEMPOTENCY_KEY_CLEANUP_INTERVAL_MS: env.int(600_000, { min: 1_000, max: 86_400_000 }),
  });

export type PaymentServiceConfig = z.infer<typeof paymentServiceConfigSchema>;
