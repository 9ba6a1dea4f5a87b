import { env } from '@concert/platform';
import { z } from 'zod';

/** Where the gateway finds the built web pages (npm run build writes them to dist/web). */
export const webClientConfigSchema = z.object({
  /** The folder of the built pages, absolute or relative to the working directory. */
  WEB_CLIENT_DIR: env.string('dist/web'),
});

export type WebClientConfig = z.infer<typeof webClientConfigSchema>;
