import type { CacheSlot, Invalidation } from './versioned-read-cache';
import type { CatalogVersions } from '../../application/ports/seat-availability.store.port';

/**
 * Redis keys of the catalog cache (under REDIS_KEY_PREFIX). The seat map's key includes the
 * concert id, so only the right (concert, schedule) pair can ever be cached: a request naming
 * another concert misses and gets its 404 from Postgres.
 */
export const CatalogCacheKeys = {
  seatMap(concertId: string, scheduleId: string): CacheSlot {
    const base = `catalog:seat-map:${scheduleId}`;
    return { cache: 'seat_map', valueKey: `${base}:${concertId}`, minKey: `${base}:min`, lockKey: `${base}:${concertId}:lock` };
  },
  schedules(concertId: string): CacheSlot {
    const base = `catalog:schedules:${concertId}`;
    return { cache: 'schedules', valueKey: base, minKey: `${base}:min`, lockKey: `${base}:lock` };
  },
  /** What a seat-status change makes stale: the seat map, and the date list when the available count moved. */
  invalidationsOf(versions: CatalogVersions): Invalidation[] {
    const seatMap = CatalogCacheKeys.seatMap(versions.concertId, versions.scheduleId);
    const result: Invalidation[] = [{ valueKey: seatMap.valueKey, minKey: seatMap.minKey, version: versions.scheduleVersion }];
    if (versions.concertVersion !== null) {
      const schedules = CatalogCacheKeys.schedules(versions.concertId);
      result.push({ valueKey: schedules.valueKey, minKey: schedules.minKey, version: versions.concertVersion });
    }
    return result;
  },
};
