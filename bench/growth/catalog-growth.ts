/**
 * Growth run 2: the seat map and the bookable dates of one concert (10 schedules) with 10
 * schedules in the whole catalog vs 10,000 (500,000 seat rows), through the gateway, once cached
 * (the gateway's micro-cache and concert-service's Redis cache, as in production) and once with
 * both off (GATEWAY_MICRO_CACHE_MS=0, CACHE_ENABLED=false) — the uncached side, where every read
 * is a Postgres query, is what shows the indexes hold.
 *
 * The measured concert is created through the admin API and stays the same size; the other
 * 9,990 schedules go to 999 other concerts of 10, inserted with set-based SQL exactly as the
 * admin API stores a new concert (all seats AVAILABLE, versions 1). What the SQL skips is the
 * ScheduleCreated events: reservation-service never hears of the filler concerts, which no
 * measured read touches, and no 10,000-event backlog runs through Kafka during the measurement.
 */
import { Client } from 'pg';
import type { BenchSystem } from '../lib/bench-system';
import { BenchHttp } from '../lib/http';
import { type LoadResult, runLoad } from '../lib/load';
import type { ScenarioResult } from '../lib/report';
import { activeToken, createConcert, keepSignedIn, type QueueHeaders } from '../lib/buyers';
import { count, type GrowthOptions, growthNotes, row, SMALL_SIDE_WARM_UP_SECONDS } from './shared';

const SCHEDULES_PER_CONCERT = 10;
const FULL_FILLER_CONCERTS = 999;

interface Reads {
  dates: LoadResult;
  seats: LoadResult;
}

/**
 * Runs on a fresh system whose caches match `mode` (see above), and whose queue has a free active
 * slot (the run reads with one ACTIVE token).
 */
export async function catalogGrowth(options: GrowthOptions, bench: BenchSystem, mode: 'cached' | 'uncached'): Promise<ScenarioResult[]> {
  const fillerConcerts = Math.max(1, Math.round(FULL_FILLER_CONCERTS * options.scale));
  const http = new BenchHttp(bench.gatewayUrl);
  const db = new Client({ connectionString: bench.databaseUrl });
  await db.connect();
  try {
    const { concertId, scheduleIds } = await createConcert(http, SCHEDULES_PER_CONCERT, 'Growth measured');
    const scheduleId = scheduleIds[0] ?? '';
    let reader = await activeToken(http, concertId);
    const measure = async (schedules: number, warmupSeconds?: number): Promise<Reads> => {
      // The fill in between may take minutes: a reader about to be signed out signs in again.
      reader = await keepSignedIn(http, reader, 5 * 60_000);
      const auth = reader.headers;
      await checkMeasuredConcert(http, concertId, scheduleId, auth);
      options.log(`catalog growth (${mode}): dates and seat map with ${count(schedules)} schedules in the catalog`);
      const load = { connections: options.connections, duration: options.duration, headers: auth, warmupSeconds };
      const url = `${bench.gatewayUrl}/api/v1/concerts/${concertId}/schedules`;
      const dates = await runLoad({ url, ...load });
      const seats = await runLoad({ url: `${url}/${scheduleId}/seats`, ...load });
      return { dates, seats };
    };

    const smallSize = await catalogSize(db);
    const small = await measure(smallSize.schedules, SMALL_SIDE_WARM_UP_SECONDS);
    const fillStarted = Date.now();
    await fillCatalog(db, fillerConcerts);
    const largeSize = await catalogSize(db);
    options.log(
      `catalog growth (${mode}): inserted ${count(largeSize.schedules - smallSize.schedules)} schedules in ${((Date.now() - fillStarted) / 1000).toFixed(1)} s ` +
        `(now ${count(largeSize.schedules)} schedules, ${count(largeSize.seats)} seats)`,
    );
    const large = await measure(largeSize.schedules);

    const datesVerdict = growthNotes(small.dates, large.dates);
    const seatsVerdict = growthNotes(small.seats, large.seats);
    options.log(`catalog growth (${mode}): dates ${count(smallSize.schedules)} vs ${count(largeSize.schedules)} schedules — ${datesVerdict.summary}`);
    options.log(`catalog growth (${mode}): seat map ${count(smallSize.schedules)} vs ${count(largeSize.schedules)} schedules — ${seatsVerdict.summary}`);
    const at = (size: { schedules: number }) => `${count(size.schedules)} schedules`;
    const caches = { caches: mode === 'cached' ? 'gateway micro-cache + Redis' : 'none (every read a query)' };
    const largeNotes = { ...caches, 'seat rows': count(largeSize.seats) };
    return [
      row(`growth: dates (${mode}), ${at(smallSize)}`, small.dates, caches),
      row(`growth: dates (${mode}), ${at(largeSize)}`, large.dates, { ...largeNotes, ...datesVerdict.notes }),
      row(`growth: seat map (${mode}), ${at(smallSize)}`, small.seats, caches),
      row(`growth: seat map (${mode}), ${at(largeSize)}`, large.seats, { ...largeNotes, ...seatsVerdict.notes }),
    ];
  } finally {
    await db.end();
    await http.close();
  }
}

/** The measured concert answers the same at both sizes: 10 dates, 50 seats. */
async function checkMeasuredConcert(http: BenchHttp, concertId: string, scheduleId: string, auth: QueueHeaders): Promise<void> {
  const dates = await http.call<unknown[]>('GET', `/concerts/${concertId}/schedules`, undefined, auth);
  const seats = await http.call<{ seats: unknown[] }>('GET', `/concerts/${concertId}/schedules/${scheduleId}/seats`, undefined, auth);
  if (dates.status !== 200 || dates.body.length !== SCHEDULES_PER_CONCERT || seats.status !== 200 || seats.body.seats.length !== 50) {
    throw new Error(`measured concert answers dates ${dates.status} (${JSON.stringify(dates.body).slice(0, 80)}), seats ${seats.status}`);
  }
}

async function catalogSize(db: Client): Promise<{ schedules: number; seats: number }> {
  const { rows } = await db.query<{ schedules: number; seats: number }>(
    'SELECT (SELECT count(*) FROM concert.schedules)::int AS schedules, (SELECT count(*) FROM concert.seats)::int AS seats',
  );
  return rows[0] ?? { schedules: 0, seats: 0 };
}

/**
 * Filler concerts of 10 schedules × 50 seats, as PostgresConcertRepository.add stores them
 * (same tables, defaults, seat prices tiered as the demo seed does), in one transaction; then
 * ANALYZE (as autovacuum would soon) and a CHECKPOINT, so the large-side measurement pays neither
 * for stale planner statistics nor for flushing the fill's dirty pages.
 */
async function fillCatalog(db: Client, concerts: number): Promise<void> {
  await db.query('BEGIN');
  try {
    await db.query('SET LOCAL synchronous_commit = off');
    await db.query(
      `WITH c AS (
         INSERT INTO concert.concerts (id, title, venue)
         SELECT gen_random_uuid(), 'Growth filler ' || g, 'Hall ' || (g % 50) FROM generate_series(1, $1) AS g
         RETURNING id
       ), s AS (
         INSERT INTO concert.schedules (id, concert_id, starts_at, total_seats, available_seats)
         SELECT gen_random_uuid(), c.id, date_trunc('day', now()) + make_interval(days => 7 + k, hours => 10), 50, 50
           FROM c CROSS JOIN generate_series(1, $2) AS k
         RETURNING id
       )
       INSERT INTO concert.seats (schedule_id, seat_no, price)
       SELECT s.id, n, CASE WHEN n <= 10 THEN 150000 WHEN n <= 30 THEN 110000 ELSE 80000 END
         FROM s CROSS JOIN generate_series(1, 50) AS n
        ORDER BY s.id, n`,
      [concerts, SCHEDULES_PER_CONCERT],
    );
    await db.query('COMMIT');
  } catch (error) {
    await db.query('ROLLBACK');
    throw error;
  }
  await db.query('VACUUM ANALYZE concert.concerts, concert.schedules, concert.seats');
  await db.query('CHECKPOINT');
}
