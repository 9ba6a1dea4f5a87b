import 'reflect-metadata';
import { databaseConfigSchema, loadConfig, runMigrations } from '@concert/platform';
import { reservationServiceDatabase } from './infrastructure/database/reservation-service-database';

/** Applies reservation-service's migrations and exits (the start script runs it before the service). */
async function main(): Promise<void> {
  const config = loadConfig(databaseConfigSchema);
  const applied = await runMigrations({ url: config.DATABASE_URL, ...reservationServiceDatabase });
  process.stdout.write(`reservation-service migrations: ${applied.length === 0 ? 'up to date' : `applied ${applied.join(', ')}`}\n`);
}

main().catch((error: unknown) => {
  process.stderr.write(`reservation-service migrations failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  process.exit(1);
});
