import 'reflect-metadata';
import { loadConfig, startHttpApp } from '@concert/platform';
import { AppModule } from './app.module';
import { paymentServiceConfigSchema } from './payment-service.config';

async function main(): Promise<void> {
  const config = loadConfig(paymentServiceConfigSchema);
  await startHttpApp(AppModule.forRoot(config), { service: 'payment-service', port: config.PORT, host: config.HOST });
}

main().catch((error: unknown) => {
  process.stderr.write(`payment-service failed to start: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});
