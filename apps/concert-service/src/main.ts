import 'reflect-metadata';
import { loadConfig, startHttpApp, startSagaConsumers } from '@concert/platform';
import { AppModule } from './app.module';
import { concertServiceConfigSchema } from './concert-service.config';

async function main(): Promise<void> {
  const config = loadConfig(concertServiceConfigSchema);
  const app = await startHttpApp(AppModule.forRoot(config), {
    service: 'concert-service',
    port: config.PORT,
    host: config.HOST,
    swagger: { title: 'concert-service', description: 'Concert catalog, seat maps and the admin API (internal; the gateway serves the public document)' },
  });
  await startSagaConsumers(app);
}

main().catch((error: unknown) => {
  process.stderr.write(`concert-service failed to start: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});
