import { baseConfigSchema, databaseConfigSchema, env, messagingConfigSchema } from '@concert/platform';
import { z } from 'zod';
import { DEFAULT_HOLD_STRATEGY, HOLD_STRATEGY_NAMES } from './reservations/infrastructure/hold-strategies/hold-strategy';

/** Everything reservation-service reads from the environment, validated at start-up. */
export const reservationServiceConfigSchema = baseConfigSchema
  .merge(databaseConfigSchema)
  .merge(messagingConfigSchema)
  .extend({
    PORT: env.port(3003),
    /** How long a seat hold lasts. */
    RESERVATION_HOLD_SECONDS: env.int(300, { min: 1, max: 86_400 }),
    /** Live holds one user may have at once; 0 switches the limit off. */
    RESERVATION_MAX_HOLDS_PER_USER: env.int(4, { min: 0, max: 50 }),
    /** How a hold is made safe under concurrency (docs/concurrency.md); `none` is the benchmark's negative control. */
    RESERVATION_HOLD_STRATEGY: z.enum(HOLD_STRATEGY_NAMES).default(DEFAULT_HOLD_STRATEGY),
    /**
     * Answer a seat already occupied at the first read without opening a transaction (default).
     * `false` sends every hold through RESERVATION_HOLD_STRATEGY: for measuring strategies only.
     */
    RESERVATION_HOLD_EARLY_REFUSAL: env.bool(true),
    /** The expiry sweeper sleeps until the next hold runs out, but never longer than this. */
    RESERVATION_EXPIRY_SWEEP_MAX_INTERVAL_MS: env.int(250, { min: 10, max: 60_000 }),
    /** Holds expired per sweep transaction. */
    RESERVATION_EXPIRY_SWEEP_BATCH: env.int(500, { min: 1, max: 10_000 }),
    /** Turn the sweeper off (tests that check expiry without it); holds still read EXPIRED on time. */
    RESERVATION_EXPIRY_SWEEPER_ENABLED: env.bool(true),
  })
  .refine((config) => !(config.RESERVATION_HOLD_STRATEGY === 'none' && config.NODE_ENV === 'production'), {
    message: 'the unguarded hold strategy "none" exists for the lock benchmark and is refused in production',
    path: ['RESERVATION_HOLD_STRATEGY'],
  });

export type ReservationServiceConfig = z.infer<typeof reservationServiceConfigSchema>;
