import { baseConfigSchema, databaseConfigSchema, env, messagingConfigSchema } from '@concert/platform';
import type { z } from 'zod';

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
    /** The expiry sweeper sleeps until the next hold runs out, but never longer than this. */
    RESERVATION_EXPIRY_SWEEP_MAX_INTERVAL_MS: env.int(250, { min: 10, max: 60_000 }),
    /** Holds expired per sweep transaction. */
    RESERVATION_EXPIRY_SWEEP_BATCH: env.int(500, { min: 1, max: 10_000 }),
    /** Turn the sweeper off (tests that check expiry without it); holds still read EXPIRED on time. */
    RESERVATION_EXPIRY_SWEEPER_ENABLED: env.bool(true),
  });

export type ReservationServiceConfig = z.infer<typeof reservationServiceConfigSchema>;
