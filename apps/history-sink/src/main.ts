import 'reflect-metadata';
import { loadConfig, startHttpApp, startSagaConsumers } from '@concert/platform';
import { AppModule } from './app.module';
import { historySinkConfigSchema } from './history-sink.config';

async function main(): Promise<void> {
  const config = loadConfig(historySinkConfigSchema);
  const app = await startHttpApp(AppModule.forRoot(config), { service: 'history-sink', port: config.PORT, host: config.HOST });
  await startSagaConsumers(app);
}

main().catch((error: unknown) => {
  process.stderr.write(`history-sink failed to start: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});
