import 'reflect-metadata';
import { loadConfig, startHttpApp } from '@concert/platform';
import { AppModule } from './app.module';
import { historySinkConfigSchema } from './history-sink.config';

async function main(): Promise<void> {
  const config = loadConfig(historySinkConfigSchema);
  await startHttpApp(AppModule.forRoot(config), { service: 'history-sink', port: config.PORT, host: config.HOST });
}

main().catch((error: unknown) => {
  process.stderr.write(`history-sink failed to start: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});
