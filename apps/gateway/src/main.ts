import 'reflect-metadata';
import { exitWithSupervisor, loadConfig } from '@concert/platform';
import { Logger } from 'nestjs-pino';
import { createGatewayApp } from './gateway.app';
import { gatewayConfigSchema } from './gateway.config';

async function main(): Promise<void> {
  const config = loadConfig(gatewayConfigSchema);
  const app = await createGatewayApp(config);
  await app.listen(config.GATEWAY_PORT, config.HOST);
  const logger = app.get(Logger);
  logger.log(`gateway listening on http://${config.HOST}:${config.GATEWAY_PORT} (Swagger UI at /docs)`);
  exitWithSupervisor(() => app.close(), (message) => logger.warn(message));
}

main().catch((error: unknown) => {
  process.stderr.write(`gateway failed to start: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});
