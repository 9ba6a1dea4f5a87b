import { Inject, Injectable, Logger, type OnModuleDestroy } from '@nestjs/common';
import type Redis from 'ioredis';
import { APP_CONFIG, REDIS } from '@concert/platform';
import type { ConcertServiceConfig } from '../../../concert-service.config';
import { CLOCK, type Clock } from '../../application/ports/clock.port';
import type { CatalogCacheInvalidator, CatalogVersions } from '../../application/ports/seat-availability.store.port';
import { GetSeatMapUseCase, type GetSeatMapQuery } from '../../application/get-seat-map/get-seat-map.use-case';
import {
  ListBookableSchedulesUseCase,
  type ListBookableSchedulesQuery,
} from '../../application/list-bookable-schedules/list-bookable-schedules.use-case';
import { CatalogCacheKeys } from './catalog-cache-keys';
import { VersionedReadCache } from './versioned-read-cache';

/**
 * The hot reads (seat map, bookable dates) as ready-to-send JSON bodies, through the versioned
 * Redis cache; the use cases run on a miss. Also the invalidator the availability use case calls.
 */
@Injectable()
export class CatalogReadCache implements CatalogCacheInvalidator, OnModuleDestroy {
  private readonly cache: VersionedReadCache;

  constructor(
    @Inject(REDIS) redis: Redis,
    @Inject(APP_CONFIG) config: ConcertServiceConfig,
    @Inject(CLOCK) clock: Clock,
    private readonly seatMaps: GetSeatMapUseCase,
    private readonly bookableSchedules: ListBookableSchedulesUseCase,
  ) {
    this.cache = new VersionedReadCache(
      redis,
      {
        enabled: config.CACHE_ENABLED,
        ttlMs: config.CACHE_TTL_MS,
        lockTtlMs: config.CACHE_LOCK_TTL_MS,
        lockWaitMs: config.CACHE_LOCK_WAIT_MS,
        operationTimeoutMs: config.CACHE_OPERATION_TIMEOUT_MS,
      },
      () => clock.now().getTime(),
      new Logger(CatalogReadCache.name),
    );
  }

  /** `{ scheduleId, seats }` as JSON. */
  seatMapJson(query: GetSeatMapQuery): Promise<string> {
    return this.cache.read(CatalogCacheKeys.seatMap(query.concertId, query.scheduleId), async () => {
      const seatMap = await this.seatMaps.execute(query);
      return { version: seatMap.version, validUntilMs: null, body: JSON.stringify({ scheduleId: seatMap.scheduleId, seats: seatMap.seats }) };
    });
  }

  /** The bookable schedules as a JSON array; the cached list expires by itself when its first show starts. */
  bookableSchedulesJson(query: ListBookableSchedulesQuery): Promise<string> {
    return this.cache.read(CatalogCacheKeys.schedules(query.concertId), async () => {
      const result = await this.bookableSchedules.execute(query);
      return { version: result.version, validUntilMs: result.validUntil?.getTime() ?? null, body: JSON.stringify(result.schedules) };
    });
  }

  invalidate(versions: CatalogVersions): Promise<void> {
    return this.cache.invalidate(CatalogCacheKeys.invalidationsOf(versions));
  }

  onModuleDestroy(): void {
    this.cache.close();
  }
}
