import 'reflect-metadata';
import { loadConfig, startHttpApp, startSagaConsumers } from '@concert/platform';
import { AppModule } from './app.module';
import { paymentServiceConfigSchema } from './payment-service.config';

async function main(): Promise<void> {
  const config = loadConfig(paymentServiceConfigSchema);
  const app = await startHttpApp(AppModule.forRoot(config), { service: 'payment-service', port: config.PORT, host: config.HOST });
  await startSagaConsumers(app);
}

main().catch((error: unknown) => {
  process.stderr.write(`payment-service failed to start: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});
