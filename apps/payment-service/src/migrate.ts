import 'reflect-metadata';
import { loadConfig, runMigrations } from '@concert/platform';
import { paymentServiceDatabase } from './infrastructure/database/payment-service-database';
import { paymentServiceConfigSchema } from './payment-service.config';

/** Applies payment-service's pending migrations, then exits (the start script runs it before the service). */
async function main(): Promise<void> {
  const config = loadConfig(paymentServiceConfigSchema);
  const applied = await runMigrations({ url: config.DATABASE_URL, ...paymentServiceDatabase });
  process.stdout.write(`payment-service migrations: ${applied.length ? applied.join(', ') : 'up to date'}\n`);
}

main().catch((error: unknown) => {
  process.stderr.write(`payment-service migrations failed: ${error instanceof Error ? error.stack ?? error.message : String(error)}\n`);
  process.exit(1);
});
