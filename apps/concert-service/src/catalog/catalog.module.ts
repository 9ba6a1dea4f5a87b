import { Module } from '@nestjs/common';
import { ApplyReservationChangeUseCase } from './application/apply-reservation-change/apply-reservation-change.use-case';
import { CreateConcertUseCase } from './application/create-concert/create-concert.use-case';
import { GetSeatMapUseCase } from './application/get-seat-map/get-seat-map.use-case';
import { ListBookableSchedulesUseCase } from './application/list-bookable-schedules/list-bookable-schedules.use-case';
import { ListConcertsUseCase } from './application/list-concerts/list-concerts.use-case';
import { CATALOG_READ_REPOSITORY } from './application/ports/catalog-read.repository.port';
import { CLOCK } from './application/ports/clock.port';
import { CONCERT_REPOSITORY } from './application/ports/concert.repository.port';
import { ID_GENERATOR } from './application/ports/id-generator.port';
import { CATALOG_CACHE_INVALIDATOR } from './application/ports/seat-availability.store.port';
import { SeedDemoCatalogUseCase } from './application/seed-demo-catalog/seed-demo-catalog.use-case';
import { AdminConcertsController } from './api/admin-concerts.controller';
import { AdminKeyGuard, AdminKeyRequestHook } from '@concert/platform';
import { ConcertsController } from './api/concerts.controller';
import { InternalConcertsController } from './api/internal-concerts.controller';
import { CatalogReadCache } from './infrastructure/cache/catalog-read.cache';
import { PostgresCatalogReadRepository } from './infrastructure/postgres-catalog-read.repository';
import { PostgresConcertRepository } from './infrastructure/postgres-concert.repository';
import { RandomIdGenerator } from './infrastructure/random-id-generator';
import { ReservationEventsConsumer } from './infrastructure/reservation-events.consumer';
import { SystemClock } from './infrastructure/system-clock';

/**
 * The catalog: concerts, schedules and priced seats (admin API), the buyer's reads (dates and
 * seat maps, cached in Redis) and the seat-availability view fed by reservation events.
 * Needs the global Config, Database, Redis and Messaging modules.
 */
@Module({
  // ReservationEventsConsumer is a controller of the saga transport (@EventPattern), started in workers.
  controllers: [ConcertsController, AdminConcertsController, InternalConcertsController, ReservationEventsConsumer],
  providers: [
    { provide: CLOCK, useClass: SystemClock },
    { provide: ID_GENERATOR, useClass: RandomIdGenerator },
    { provide: CATALOG_READ_REPOSITORY, useClass: PostgresCatalogReadRepository },
    { provide: CONCERT_REPOSITORY, useClass: PostgresConcertRepository },
    CatalogReadCache,
    { provide: CATALOG_CACHE_INVALIDATOR, useExisting: CatalogReadCache },
    ListConcertsUseCase,
    ListBookableSchedulesUseCase,
    GetSeatMapUseCase,
    CreateConcertUseCase,
    ApplyReservationChangeUseCase,
    SeedDemoCatalogUseCase,
    AdminKeyGuard,
    AdminKeyRequestHook,
  ],
  exports: [SeedDemoCatalogUseCase],
})
export class CatalogModule {}
