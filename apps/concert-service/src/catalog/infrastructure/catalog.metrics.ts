import { Counter } from 'prom-client';

/** Look-aside cache results per cached read: hit, miss (rebuilt), bypass (Redis unusable), disabled (CACHE_ENABLED=false). */
export const catalogCacheRequests = new Counter({
  name: 'catalog_cache_requests_total',
  help: 'Catalog cache lookups by cache (seat_map, schedules) and result (hit, miss, bypass when Redis is unusable, disabled)',
  labelNames: ['cache', 'result'] as const,
});

/** Reservation events applied to the seat-availability view, by outcome. */
export const availabilityEventsApplied = new Counter({
  name: 'availability_events_total',
  help: 'Reservation events applied to the seat-availability view by topic and outcome (applied, duplicate, stale, unknown-seat)',
  labelNames: ['topic', 'outcome'] as const,
});

/** Reads that went to Postgres to build a cached body (misses that were not served by another process's rebuild). */
export const catalogCacheLoads = new Counter({
  name: 'catalog_cache_loads_total',
  help: 'Catalog reads served from Postgres by cache (seat_map, schedules)',
  labelNames: ['cache'] as const,
});
