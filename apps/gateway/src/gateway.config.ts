import { baseConfigSchema, env, queueTokenConfigSchema, queueTokenSecretsOf, redisConfigSchema, refuseDevQueueTokenSecretInProduction } from '@concert/platform';
import { z } from 'zod';

/** A comma list of http(s) base URLs, one per replica of a backend service. */
const upstreamUrls = (fallback: string) =>
  env.list(fallback).pipe(
    z.array(
      z.string().refine((value) => {
        try {
          const url = new URL(value);
          return (url.protocol === 'http:' || url.protocol === 'https:') && (url.pathname === '/' || url.pathname === '');
        } catch {
          return false;
        }
      }, 'must be a comma list of http(s) base URLs without a path'),
    ),
  );

/** Everything the gateway reads from the environment, validated at start-up. */
export const gatewayConfigSchema = baseConfigSchema
  .merge(redisConfigSchema)
  .merge(queueTokenConfigSchema)
  .extend({
    GATEWAY_PORT: env.port(3000),
    /** Key of the admin API (header X-Admin-Key), checked here and by concert-service. */
    ADMIN_API_KEY: env.string('dev-admin-key'),
    QUEUE_SERVICE_URLS: upstreamUrls('http://127.0.0.1:3001'),
    CONCERT_SERVICE_URLS: upstreamUrls('http://127.0.0.1:3002'),
    RESERVATION_SERVICE_URLS: upstreamUrls('http://127.0.0.1:3003'),
    PAYMENT_SERVICE_URLS: upstreamUrls('http://127.0.0.1:3004'),
    /** Time an upstream may take to send its response headers, and between two body chunks. */
    UPSTREAM_TIMEOUT_MS: env.int(10_000, { min: 1, max: 600_000 }),
    /** Keep-alive connections per replica (the pool queues requests beyond that). */
    UPSTREAM_CONNECTIONS: env.int(128, { min: 1, max: 4096 }),
    /** Server-Sent Event streams this gateway keeps open at once; beyond that, 503 (clients poll instead). */
    GATEWAY_MAX_EVENT_STREAMS: env.int(10_000, { min: 1, max: 1_000_000 }),
    /**
     * How long the gateway shares one concert-service answer of a catalog read (dates, seat map)
     * among all callers; 0 turns it off. Adds at most this much to the catalog's event lag.
     */
    GATEWAY_MICRO_CACHE_MS: env.int(200, { min: 0, max: 1_000 }),
    /** Per client address, on token issue and protected routes; 0 turns the limit off. */
    RATE_LIMIT_PER_CLIENT_PER_SECOND: env.int(50, { min: 0, max: 1_000_000 }),
    /** Requests a client may fire at once before the per-second rate applies; 0 = one second's worth. */
    RATE_LIMIT_BURST: env.int(0, { min: 0, max: 1_000_000 }),
    /** `redis` holds the limit across several gateways; `memory` is enough for one gateway instance. */
    RATE_LIMIT_STORE: z.enum(['redis', 'memory']).default('redis'),
  })
  .superRefine(refuseDevQueueTokenSecretInProduction)
  .transform((config) => ({
    ...config,
    /** Every secret a token may be signed with: QUEUE_TOKEN_SECRET first, then QUEUE_TOKEN_SECRETS. */
    queueTokenSecrets: queueTokenSecretsOf(config),
  }));

export type GatewayConfig = z.infer<typeof gatewayConfigSchema>;
