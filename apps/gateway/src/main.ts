import 'reflect-metadata';
import { loadConfig } from '@concert/platform';
import { Logger } from 'nestjs-pino';
import { createGatewayApp } from './gateway.app';
import { gatewayConfigSchema } from './gateway.config';

async function main(): Promise<void> {
  const config = loadConfig(gatewayConfigSchema);
  const app = await createGatewayApp(config);
  await app.listen(config.GATEWAY_PORT, config.HOST);
  app.get(Logger).log(`gateway listening on http://${config.HOST}:${config.GATEWAY_PORT} (Swagger UI at /docs)`);
}

main().catch((error: unknown) => {
  process.stderr.write(`gateway failed to start: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});
