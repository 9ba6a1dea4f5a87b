import 'reflect-metadata';
import { Module } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { ConfigModule, DatabaseModule, loadConfig, OutboxWriter } from '@concert/platform';
import { CLOCK } from './catalog/application/ports/clock.port';
import { CONCERT_REPOSITORY } from './catalog/application/ports/concert.repository.port';
import { ID_GENERATOR } from './catalog/application/ports/id-generator.port';
import { CreateConcertUseCase } from './catalog/application/create-concert/create-concert.use-case';
import { SeedDemoCatalogUseCase } from './catalog/application/seed-demo-catalog/seed-demo-catalog.use-case';
import { PostgresConcertRepository } from './catalog/infrastructure/postgres-concert.repository';
import { RandomIdGenerator } from './catalog/infrastructure/random-id-generator';
import { SystemClock } from './catalog/infrastructure/system-clock';
import { concertServiceConfigSchema } from './concert-service.config';
import { concertServiceDatabase } from './infrastructure/database/concert-service-database';

/**
 * The demo catalog for `npm start`: idempotent (one concert per week, its id fixed by the week;
 * a second run that week creates nothing). Only the write path is wired — no HTTP, no consumers, no relay: the running
 * service's outbox relay publishes the ScheduleCreated events this writes.
 */
async function main(): Promise<void> {
  const config = loadConfig(concertServiceConfigSchema);

  @Module({
    imports: [ConfigModule.forRoot(config), DatabaseModule.forRoot(concertServiceDatabase)],
    providers: [
      { provide: CLOCK, useClass: SystemClock },
      { provide: ID_GENERATOR, useClass: RandomIdGenerator },
      { provide: CONCERT_REPOSITORY, useClass: PostgresConcertRepository },
      OutboxWriter,
      CreateConcertUseCase,
      SeedDemoCatalogUseCase,
    ],
  })
  class SeedModule {}

  const app = await NestFactory.createApplicationContext(SeedModule, { logger: ['error', 'warn'] });
  try {
    const result = await app.get(SeedDemoCatalogUseCase).execute();
    process.stdout.write(
      result.created
        ? `concert-service seed: created demo concert ${result.concertId} with schedules ${result.scheduleIds.join(', ')}\n`
        : `concert-service seed: demo concert ${result.concertId} already exists; nothing created\n`,
    );
    const sale = result.upcomingSale;
    process.stdout.write(`concert-service seed: ${sale.created ? 'created' : 'kept'} demo concert ${sale.concertId}, its sale opens at ${sale.saleOpensAt} (pre-queue until then)\n`);
  } finally {
    await app.close();
  }
}

main().then(
  () => process.exit(0),
  (error: unknown) => {
    process.stderr.write(`concert-service seed failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
    process.exit(1);
  },
);
