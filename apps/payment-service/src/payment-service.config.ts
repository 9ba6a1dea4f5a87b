import { baseConfigSchema, env } from '@concert/platform';
import type { z } from 'zod';

/** Everything payment-service reads from the environment, validated at start-up. */
export const paymentServiceConfigSchema = baseConfigSchema.extend({
  PORT: env.port(3004),
});

export type PaymentServiceConfig = z.infer<typeof paymentServiceConfigSchema>;
