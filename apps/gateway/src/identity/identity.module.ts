import { APP_CONFIG, REDIS } from '@concert/platform';
import { Module } from '@nestjs/common';
import { HttpAdapterHost } from '@nestjs/core';
import type Redis from 'ioredis';
import type { Server } from 'node:http';
import type { GatewayConfig } from '../gateway.config';
import { AccessTokenVerifier } from './access-token.verifier';
import { DevIssuer } from './dev-issuer';

/** The dev issuer's key set, served by this gateway: its URL is known once the gateway listens. */
function ownJwksUrl(host: HttpAdapterHost): URL {
  const server = host.httpAdapter.getHttpServer() as Server;
  const address = server.address();
  if (!address || typeof address === 'string') throw new Error('the gateway does not listen on a TCP port yet');
  return new URL(`http://127.0.0.1:${address.port}/.well-known/jwks.json`);
}

/** Who the caller is: the access token verifier, and the dev issuer when AUTH_DEV_LOGIN is on. */
@Module({
  providers: [
    {
      provide: AccessTokenVerifier,
      inject: [APP_CONFIG, HttpAdapterHost],
      useFactory: (config: GatewayConfig, host: HttpAdapterHost) =>
        new AccessTokenVerifier({
          issuer: config.AUTH_ISSUER,
          audience: config.AUTH_AUDIENCE,
          jwksTimeoutMs: config.AUTH_JWKS_TIMEOUT_MS,
          cache: { maxEntries: config.AUTH_VERIFIED_TOKEN_CACHE_SIZE, maxAgeSeconds: config.AUTH_VERIFIED_TOKEN_CACHE_SECONDS },
          jwksUrl: () => (config.AUTH_JWKS_URL ? new URL(config.AUTH_JWKS_URL) : ownJwksUrl(host)),
        }),
    },
    {
      provide: DevIssuer,
      inject: [APP_CONFIG, REDIS],
      useFactory: (config: GatewayConfig, redis: Redis) =>
        new DevIssuer(redis, { issuer: config.AUTH_ISSUER, audience: config.AUTH_AUDIENCE, tokenSeconds: config.AUTH_DEV_TOKEN_SECONDS }),
    },
  ],
  exports: [AccessTokenVerifier, DevIssuer],
})
export class IdentityModule {}
