import 'reflect-metadata';
import { loadConfig, runMigrations } from '@concert/platform';
import { concertServiceConfigSchema } from './concert-service.config';
import { concertServiceDatabase } from './infrastructure/database/concert-service-database';

/** Applies concert-service's pending migrations (schema `concert`) and exits. */
async function main(): Promise<void> {
  const config = loadConfig(concertServiceConfigSchema);
  const applied = await runMigrations({ url: config.DATABASE_URL, ...concertServiceDatabase });
  process.stdout.write(
    applied.length > 0 ? `concert-service: applied migrations ${applied.join(', ')}\n` : 'concert-service: schema concert is up to date\n',
  );
}

main().then(
  () => process.exit(0),
  (error: unknown) => {
    process.stderr.write(`concert-service migration failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
    process.exit(1);
  },
);
