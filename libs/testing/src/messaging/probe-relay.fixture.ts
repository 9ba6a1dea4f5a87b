/** Producer-side probe process: a Nest application context running the real OutboxRelay. */
import 'reflect-metadata';
import { Module } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { ConfigModule, DatabaseModule, loadConfig, MessagingModule, messagingEntities } from '@concert/platform';
import { probeConfigSchema } from './probe-app.fixture';

@Module({})
class ProbeRelayModule {}

async function main(): Promise<void> {
  const config = loadConfig(probeConfigSchema);
  const app = await NestFactory.createApplicationContext(
    {
      module: ProbeRelayModule,
      imports: [
        ConfigModule.forRoot(config),
        DatabaseModule.forRoot({ schema: config.PROBE_SCHEMA, entities: messagingEntities, migrations: [] }),
        MessagingModule.forRoot({ service: config.PROBE_SERVICE, outbox: true }),
      ],
    },
    { logger: ['error', 'warn', 'log'] },
  );
  app.enableShutdownHooks();
  process.stdout.write(`probe-relay ready pid=${process.pid}\n`);
}

main().catch((error: unknown) => {
  process.stderr.write(`probe-relay failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  process.exit(1);
});
