import { baseConfigSchema, env } from '@concert/platform';
import type { z } from 'zod';

/** Everything reservation-service reads from the environment, validated at start-up. */
export const reservationServiceConfigSchema = baseConfigSchema.extend({
  PORT: env.port(3003),
});

export type ReservationServiceConfig = z.infer<typeof reservationServiceConfigSchema>;
