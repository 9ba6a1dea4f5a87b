import { baseConfigSchema, env } from '@concert/platform';
import type { z } from 'zod';

/** Everything concert-service reads from the environment, validated at start-up. */
export const concertServiceConfigSchema = baseConfigSchema.extend({
  PORT: env.port(3002),
});

export type ConcertServiceConfig = z.infer<typeof concertServiceConfigSchema>;
