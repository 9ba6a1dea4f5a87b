import { createHttpApp } from '@concert/platform';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { AppModule } from './app.module';
import type { GatewayConfig } from './gateway.config';
import { forwardRawBodies } from './proxy/raw-bodies';

export const GATEWAY_SWAGGER = {
  title: 'Concert reservation API',
  description:
    'The public API: a fair waiting room, seat holds, prepaid balances and payments. Protected routes need an ACTIVE queue token in X-Queue-Token. Every error has the body `{ statusCode, code, message, requestId }`.',
  version: '1.0',
};

/** The gateway application (not listening yet): main.ts and the tests start it the same way. */
export async function createGatewayApp(config: GatewayConfig): Promise<NestFastifyApplication> {
  const app = await createHttpApp(AppModule.forRoot(config), {
    service: 'gateway',
    port: config.GATEWAY_PORT,
    host: config.HOST,
    swagger: GATEWAY_SWAGGER,
  });
  forwardRawBodies(app);
  return app;
}
