import { baseConfigSchema, env } from '@concert/platform';
import type { z } from 'zod';

/** Everything queue-service reads from the environment, validated at start-up. */
export const queueServiceConfigSchema = baseConfigSchema.extend({
  PORT: env.port(3001),
});

export type QueueServiceConfig = z.infer<typeof queueServiceConfigSchema>;
