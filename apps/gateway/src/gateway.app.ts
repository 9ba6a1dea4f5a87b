import { ConfigError, createHttpApp, REDIS } from '@concert/platform';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import type { DocumentBuilder } from '@nestjs/swagger';
import type Redis from 'ioredis';
import { Logger } from 'nestjs-pino';
import { AdminKeyFailures } from './access/admin-key-failures';
import { useRateLimits } from './access/rate-limits';
import { SECURITY } from './access/route-access.decorator';
import { AppModule } from './app.module';
import type { GatewayConfig } from './gateway.config';
import { requireMetricsKey } from './metrics-access';
import { forwardRawBodies } from './proxy/raw-bodies';
import { serveWebClient } from './web-client/web-client';

export const GATEWAY_SWAGGER = {
  title: 'Concert reservation API',
  description:
    'The public API: a fair waiting room per concert, seat holds, prepaid balances and payments. Every call but the concert list and sign-in acts for the signed-in user (Authorization: Bearer); protected routes also need an ACTIVE queue token of that user in X-Queue-Token. Every error has the body `{ statusCode, code, message, requestId }`.',
  version: '2.0',
  decorate: (builder: DocumentBuilder) =>
    builder
      .addBearerAuth({ type: 'http', scheme: 'bearer', bearerFormat: 'JWT', description: 'An access token of the identity provider (or of POST /api/v1/auth/dev-login)' }, SECURITY.bearer)
      .addApiKey({ type: 'apiKey', in: 'header', name: 'X-Queue-Token', description: 'The caller\'s queue token (POST /api/v1/queue/tokens)' }, SECURITY.queueToken)
      .addApiKey({ type: 'apiKey', in: 'header', name: 'X-Admin-Key', description: 'The ADMIN_API_KEY' }, SECURITY.adminKey),
};

/** The gateway application (not listening yet): main.ts and the tests start it the same way. */
export async function createGatewayApp(config: GatewayConfig): Promise<NestFastifyApplication> {
  if (!config.AUTH_DEV_LOGIN && !config.AUTH_JWKS_URL) {
    throw new ConfigError(["AUTH_JWKS_URL: must name the identity provider's key set when dev sign-in is off (AUTH_DEV_LOGIN=false)"]);
  }
  const app = await createHttpApp(AppModule.forRoot(config), {
    service: 'gateway',
    port: config.GATEWAY_PORT,
    host: config.HOST,
    swagger: GATEWAY_SWAGGER,
    publicEntry: true,
    trustProxy: config.trustProxy,
  });
  requireMetricsKey(app, config);
  app.get(AdminKeyFailures).use(await useRateLimits(app, config, app.get<Redis>(REDIS)));
  forwardRawBodies(app);
  serveWebClient(app.getHttpAdapter().getInstance(), config, (message) => app.get(Logger).warn(message));
  return app;
}
