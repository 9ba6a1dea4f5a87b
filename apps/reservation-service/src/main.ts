import 'reflect-metadata';
import { loadConfig, startHttpApp, startSagaConsumers } from '@concert/platform';
import { AppModule } from './app.module';
import { reservationServiceConfigSchema } from './reservation-service.config';

async function main(): Promise<void> {
  const config = loadConfig(reservationServiceConfigSchema);
  const app = await startHttpApp(AppModule.forRoot(config), {
    service: 'reservation-service',
    port: config.PORT,
    host: config.HOST,
    swagger: {
      title: 'reservation-service',
      description: 'Seat holds (internal; the public API is the gateway). Every route needs the caller assertion the gateway signs (x-caller-assertion).',
    },
  });
  await startSagaConsumers(app);
}

main().catch((error: unknown) => {
  process.stderr.write(`reservation-service failed to start: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  process.exit(1);
});
