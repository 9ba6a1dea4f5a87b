import 'reflect-metadata';
import { loadConfig, startHttpApp, startSagaConsumers } from '@concert/platform';
import { AppModule } from './app.module';
import { queueServiceConfigSchema } from './queue-service.config';

async function main(): Promise<void> {
  const config = loadConfig(queueServiceConfigSchema);
  const app = await startHttpApp(AppModule.forRoot(config), {
    service: 'queue-service',
    port: config.PORT,
    host: config.HOST,
    swagger: { title: 'queue-service', description: 'Waiting room: queue tokens, positions, admission (internal; the gateway serves the public API)' },
  });
  await startSagaConsumers(app);
}

main().catch((error: unknown) => {
  process.stderr.write(`queue-service failed to start: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});
