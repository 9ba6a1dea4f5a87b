import { baseConfigSchema, env, messagingConfigSchema, queueTokenConfigSchema, redisConfigSchema } from '@concert/platform';
import { z } from 'zod';
import type { QueueSettings } from './queue/domain/queue-settings';

/** Everything queue-service reads from the environment, validated at start-up. */
export const queueServiceConfigSchema = baseConfigSchema
  .merge(redisConfigSchema)
  .merge(messagingConfigSchema)
  .merge(queueTokenConfigSchema)
  .extend({
    PORT: env.port(3001),
    /** The organizer's key for the rooms' admin routes (checked by the gateway first; refused at its default in production). */
    ADMIN_API_KEY: env.string('dev-admin-key'),
    /** concert-service instances, asked whether the concert of a join exists. */
    CONCERT_SERVICE_URLS: env.list('http://127.0.0.1:3002'),
    CONCERT_SERVICE_TIMEOUT_MS: env.int(2_000, { min: 50, max: 60_000 }),
    /** At most this many ACTIVE tokens at once (0 keeps the gate closed: everybody waits). */
    QUEUE_MAX_ACTIVE_USERS: env.int(1000, { min: 0, max: 10_000_000 }),
    /** Every instance runs an admission round at least this often. */
    QUEUE_ADMIT_INTERVAL_MS: env.int(1000, { min: 10, max: 600_000 }),
    /** How long an ACTIVE token stays active. */
    QUEUE_ACTIVE_SECONDS: env.int(600, { min: 1, max: 7 * 24 * 3600 }),
    /** A waiting user who has not polled (nor kept an event stream open) this long leaves the queue. */
    QUEUE_WAITING_IDLE_SECONDS: env.int(300, { min: 1, max: 7 * 24 * 3600 }),
    /** How long the EXPIRED token of a user who was admitted (window over, or paid) stays distinguishable from an unknown one. */
    QUEUE_TOKEN_RETENTION_SECONDS: env.int(86_400, { min: 60, max: 30 * 86_400 }),
    /**
     * How long the EXPIRED token of a waiter who went idle (never admitted) stays distinguishable:
     * long enough to come back and read EXPIRED, short enough that a crowd who closed the tab
     * does not fill Redis with a day of dead hashes.
     */
    QUEUE_IDLE_TOKEN_RETENTION_SECONDS: env.int(300, { min: 60, max: 30 * 86_400 }),
    /**
     * The most entries one loop of a Lua step handles (ended windows, idle waiters swept, heads
     * admitted, heads that leave): bounds every step's run time, whatever the queue's length. A
     * round that reaches it is followed by the next after a short pause (docs/waiting-queue.md).
     */
    QUEUE_CLEANUP_BATCH_SIZE: env.int(50, { min: 1, max: 1_000 }),
    /** Admissions over this many seconds give the measured admission rate. */
    QUEUE_RATE_WINDOW_SECONDS: env.int(60, { min: 1, max: 3_600 }),
    /**
     * Adaptive admission (ADR 0015): a purchase whose payment took longer than this to be confirmed
     * shrinks the active set's capacity below QUEUE_MAX_ACTIVE_USERS; on-time purchases grow it
     * back. 0 (the default) keeps the capacity fixed.
     */
    QUEUE_ADMISSION_LATENCY_TARGET_MS: env.int(0, { min: 0, max: 600_000 }),
    /** The adaptive limit never goes below this many active slots. */
    QUEUE_ADMISSION_MIN_ACTIVE_USERS: env.int(10, { min: 1, max: 10_000_000 }),
    /** Run the admission scheduler in this process (tests that drive admission themselves turn it off). */
    QUEUE_ADMISSION_ENABLED: env.bool(true),
    /** How often one process-wide ticker re-reads the state of every open event stream. */
    QUEUE_EVENTS_TICK_MS: env.int(500, { min: 20, max: 60_000 }),
    /**
     * Comment line sent on a quiet event stream this often, so proxies keep it open. Must stay below
     * the gateway's idle-between-chunks timeout (UPSTREAM_TIMEOUT_MS, 10 s by default).
     */
    QUEUE_EVENTS_HEARTBEAT_MS: env.int(5_000, { min: 100, max: 600_000 }),
  })
  .superRefine((config, context) => {
    // The adaptive room's floor above its ceiling would pin it at the ceiling: adaptation silently off.
    if (config.QUEUE_ADMISSION_LATENCY_TARGET_MS > 0 && config.QUEUE_ADMISSION_MIN_ACTIVE_USERS > config.QUEUE_MAX_ACTIVE_USERS) {
      context.addIssue({
        code: z.ZodIssueCode.custom,
        path: ['QUEUE_ADMISSION_MIN_ACTIVE_USERS'],
        message: `must not exceed QUEUE_MAX_ACTIVE_USERS (${config.QUEUE_MAX_ACTIVE_USERS}) while QUEUE_ADMISSION_LATENCY_TARGET_MS is set`,
      });
    }
  });

export type QueueServiceConfig = z.infer<typeof queueServiceConfigSchema>;

export function queueSettingsOf(config: QueueServiceConfig): QueueSettings {
  return {
    maxActiveUsers: config.QUEUE_MAX_ACTIVE_USERS,
    admitIntervalMs: config.QUEUE_ADMIT_INTERVAL_MS,
    activeSeconds: config.QUEUE_ACTIVE_SECONDS,
    waitingIdleSeconds: config.QUEUE_WAITING_IDLE_SECONDS,
    tokenRetentionSeconds: config.QUEUE_TOKEN_RETENTION_SECONDS,
    idleTokenRetentionSeconds: config.QUEUE_IDLE_TOKEN_RETENTION_SECONDS,
    cleanupBatchSize: config.QUEUE_CLEANUP_BATCH_SIZE,
    rateWindowSeconds: config.QUEUE_RATE_WINDOW_SECONDS,
    admissionLatencyTargetMs: config.QUEUE_ADMISSION_LATENCY_TARGET_MS,
    adaptiveMinActiveUsers: config.QUEUE_ADMISSION_MIN_ACTIVE_USERS,
  };
}
