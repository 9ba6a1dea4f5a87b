import { baseConfigSchema, DEV_AUTH_AUDIENCE, DEV_AUTH_ISSUER, env, queueTokenConfigSchema, queueTokenSecretsOf, redisConfigSchema } from '@concert/platform';
import { z } from 'zod';
import { webClientConfigSchema } from './web-client/web-client.config';

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
  .merge(webClientConfigSchema)
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
    /** Requests a client may send in one second's window at share 1 (budgets scale it); 0 = the per-second rate. */
    RATE_LIMIT_BURST: env.int(0, { min: 0, max: 1_000_000 }),
    /** `redis` holds the limit across several gateways; `memory` is enough for one gateway instance. */
    RATE_LIMIT_STORE: z.enum(['redis', 'memory']).default('redis'),
    /** The identity provider whose access tokens the gateway accepts (the dev issuer's by default). */
    AUTH_ISSUER: env.string(DEV_AUTH_ISSUER),
    AUTH_AUDIENCE: env.string(DEV_AUTH_AUDIENCE),
    /** Its key set; by default the dev issuer's, served by this gateway at /.well-known/jwks.json. */
    AUTH_JWKS_URL: env.optionalUrl(['http', 'https']),
    /** How long a JWKS fetch may take before a sign-in check answers 503. */
    AUTH_JWKS_TIMEOUT_MS: env.int(3_000, { min: 100, max: 60_000 }),
    /** Serves POST /api/v1/auth/dev-login and the dev issuer's JWKS; on unless NODE_ENV=production (and refused there). */
    AUTH_DEV_LOGIN: z.enum(['true', 'false', '1', '0']).optional(),
    /** Lifetime of a dev sign-in's access token. */
    AUTH_DEV_TOKEN_SECONDS: env.int(3_600, { min: 60, max: 86_400 }),
    /**
     * How long a verified access token is taken on trust again without checking its signature
     * (never past its expiry); 0 verifies every request. A key withdrawn from the provider's set
     * stops verifying within this time.
     */
    AUTH_VERIFIED_TOKEN_CACHE_SECONDS: env.int(30, { min: 0, max: 300 }),
    /** Most verified tokens the gateway keeps (least recently used dropped first; about 1 KB each). */
    AUTH_VERIFIED_TOKEN_CACHE_SIZE: env.int(20_000, { min: 0, max: 1_000_000 }),
    /**
     * Which proxies in front may name the client in X-Forwarded-For: a hop count (`1` behind one
     * load balancer) or a comma list of addresses/CIDRs; unset trusts none (the socket address).
     */
    TRUST_PROXY: env.optionalString(),
    /** When set, GET /metrics needs it in X-Metrics-Key; with NODE_ENV=production /metrics is closed without it. */
    METRICS_API_KEY: env.optionalString(),
    /** Event streams one client address may hold open at once. */
    GATEWAY_MAX_EVENT_STREAMS_PER_CLIENT: env.int(4, { min: 1, max: 10_000 }),
  })
  .transform((config) => ({
    ...config,
    AUTH_DEV_LOGIN: config.AUTH_DEV_LOGIN === undefined ? config.NODE_ENV !== 'production' : config.AUTH_DEV_LOGIN === 'true' || config.AUTH_DEV_LOGIN === '1',
    trustProxy: trustProxyOf(config.TRUST_PROXY),
    /** Every secret a token may be signed with: QUEUE_TOKEN_SECRET first, then QUEUE_TOKEN_SECRETS. */
    queueTokenSecrets: queueTokenSecretsOf(config),
  }));

/** TRUST_PROXY as Fastify takes it: a hop count or a list of addresses and CIDRs. */
function trustProxyOf(value: string | undefined): number | string[] | false {
  if (value === undefined) return false;
  if (/^\d+$/.test(value)) return Number(value);
  return value.split(',').map((item) => item.trim()).filter((item) => item.length > 0);
}

export type GatewayConfig = z.infer<typeof gatewayConfigSchema>;
