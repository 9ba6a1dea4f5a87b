import 'reflect-metadata';
import { loadConfig, startHttpApp } from '@concert/platform';
import { AppModule } from './app.module';
import { reservationServiceConfigSchema } from './reservation-service.config';

async function main(): Promise<void> {
  const config = loadConfig(reservationServiceConfigSchema);
  await startHttpApp(AppModule.forRoot(config), { service: 'reservation-service', port: config.PORT, host: config.HOST });
}

main().catch((error: unknown) => {
  process.stderr.write(`reservation-service failed to start: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});
