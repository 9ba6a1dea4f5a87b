import { z } from 'zod';
import { env } from '../config/config';
import { DEV_QUEUE_TOKEN_SECRET } from './queue-token';

/** A comma list that may be absent or empty (unlike `env.list`, which needs one entry). */
const optionalList = z
  .string()
  .optional()
  .transform((value) =>
    (value ?? '')
      .split(',')
      .map((item) => item.trim())
      .filter((item) => item.length > 0),
  );

/**
 * The token secrets, read the same way by queue-service (signs) and the gateway (verifies):
 * QUEUE_TOKEN_SECRET signs and verifies; QUEUE_TOKEN_SECRETS lists older secrets still accepted.
 */
export const queueTokenConfigSchema = z.object({
  QUEUE_TOKEN_SECRET: env.string(DEV_QUEUE_TOKEN_SECRET),
  QUEUE_TOKEN_SECRETS: optionalList,
});

export type QueueTokenConfig = z.infer<typeof queueTokenConfigSchema>;

/** For a schema's superRefine: the development secret would let anyone mint tokens in production. */
export function refuseDevQueueTokenSecretInProduction(config: QueueTokenConfig & { NODE_ENV: string }, context: z.RefinementCtx): void {
  if (config.NODE_ENV === 'production' && config.QUEUE_TOKEN_SECRET === DEV_QUEUE_TOKEN_SECRET) {
    context.addIssue({ code: z.ZodIssueCode.custom, path: ['QUEUE_TOKEN_SECRET'], message: 'must be set (not the development default) in production' });
  }
}

/** Every secret a token may be signed with: QUEUE_TOKEN_SECRET first (it signs), then the older ones. */
export function queueTokenSecretsOf(config: QueueTokenConfig): string[] {
  return [...new Set([config.QUEUE_TOKEN_SECRET, ...config.QUEUE_TOKEN_SECRETS])];
}
