import 'reflect-metadata';
import { loadConfig, runMigrations } from '@concert/platform';
import { historySinkConfigSchema } from './history-sink.config';
import { historySinkDatabase } from './history/infrastructure/history-sink-database';

/** Applies history-sink's pending migrations, then exits. */
async function main(): Promise<void> {
  const config = loadConfig(historySinkConfigSchema);
  const applied = await runMigrations({ url: config.DATABASE_URL, ...historySinkDatabase });
  process.stdout.write(`history-sink migrations: ${applied.length ? applied.join(', ') : 'up to date'}\n`);
}

main().catch((error: unknown) => {
  process.stderr.write(`history-sink migrations failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  process.exit(1);
});
