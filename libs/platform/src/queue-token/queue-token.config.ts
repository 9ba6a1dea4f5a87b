import { z } from 'zod';
import { env } from '../config/config';
import { DEV_QUEUE_TOKEN_SECRET } from './queue-token';

/**
 * The token secrets, read the same way by queue-service (signs) and the gateway (verifies):
 * QUEUE_TOKEN_SECRET signs and verifies; QUEUE_TOKEN_SECRETS lists older secrets still accepted.
 */
export const queueTokenConfigSchema = z.object({
  QUEUE_TOKEN_SECRET: env.string(DEV_QUEUE_TOKEN_SECRET),
  QUEUE_TOKEN_SECRETS: env.optionalList(),
});

export type QueueTokenConfig = z.infer<typeof queueTokenConfigSchema>;

/** Every secret a token may be signed with: QUEUE_TOKEN_SECRET first (it signs), then the older ones. */
export function queueTokenSecretsOf(config: QueueTokenConfig): string[] {
  return [...new Set([config.QUEUE_TOKEN_SECRET, ...config.QUEUE_TOKEN_SECRETS])];
}
