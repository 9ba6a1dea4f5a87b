/**
 * Fills concert-service's schema with catalog volume for index work (docs/db-index.md), with
 * set-based SQL only (generate_series), in one transaction:
 *
 *   node -r @swc-node/register scripts/generate-catalog-volume.ts \
 *     [--database-url postgres://postgres@127.0.0.1:5432/concert_volume] \
 *     [--schedules 20000] [--schedules-per-concert 20] [--reset] [--explain]
 *
 * - Creates the database when missing and applies concert-service's migrations (by running its
 *   migrate entry point, so this script never imports app code).
 * - Concerts × schedules (days from 60 in the past to 300 ahead, so "not started yet" filters
 *   something), 50 seats each (tiered prices): 20,000 schedules = 1,000,000 seat rows.
 * - The availability view as the consumer would leave it: ~10% of seats HELD, ~10% SOLD, with
 *   their reservation records, ~30% of seats with a released (historical) reservation, ~2% of
 *   schedules sold out, and exact available counts.
 * - `--reset` empties the catalog tables first; without it, an already filled database is left
 *   alone (the script says so and only runs --explain when asked).
 * - `--explain` then prints, as markdown, EXPLAIN (ANALYZE, BUFFERS) of every query of
 *   concert-service without ("before") and with ("after") the index that serves it. "Before"
 *   drops the index inside a transaction that is rolled back: nothing changes for good.
 *
 * Never point it at a database other services use: it writes ~1M rows into schema `concert`.
 */
import { spawnSync } from 'node:child_process';
import * as os from 'node:os';
import * as path from 'node:path';
import { Client } from 'pg';

interface Options {
  databaseUrl: string;
  schedules: number;
  schedulesPerConcert: number;
  reset: boolean;
  explain: boolean;
}

function parseOptions(argv: string[]): Options {
  const options: Options = {
    databaseUrl: 'postgres://postgres@127.0.0.1:5432/concert_volume',
    schedules: 20_000,
    schedulesPerConcert: 20,
    reset: false,
    explain: false,
  };
  for (let index = 0; index < argv.length; index++) {
    const arg = argv[index];
    const next = () => {
      const value = argv[++index];
      if (value === undefined) throw new Error(`${arg} needs a value`);
      return value;
    };
    switch (arg) {
      case '--database-url':
        options.databaseUrl = next();
        break;
      case '--schedules':
        options.schedules = positiveInt(next(), arg);
        break;
      case '--schedules-per-concert':
        options.schedulesPerConcert = positiveInt(next(), arg);
        break;
      case '--reset':
        options.reset = true;
        break;
      case '--explain':
        options.explain = true;
        break;
      default:
        throw new Error(`unknown argument ${arg}`);
    }
  }
  if (options.schedulesPerConcert > 360) throw new Error('--schedules-per-concert must be at most 360 (one schedule per day)');
  return options;
}

function positiveInt(value: string, name: string): number {
  const parsed = Number(value);
  if (!Number.isInteger(parsed) || parsed < 1) throw new Error(`${name} must be a positive integer`);
  return parsed;
}

function withDatabase(url: string, database: string): string {
  const parsed = new URL(url);
  parsed.pathname = `/${database}`;
  return parsed.toString();
}

async function ensureDatabase(url: string): Promise<void> {
  const name = decodeURIComponent(new URL(url).pathname.slice(1));
  if (!/^[A-Za-z_][A-Za-z0-9_]*$/.test(name)) throw new Error(`unsupported database name ${name}`);
  const admin = new Client({ connectionString: withDatabase(url, 'postgres') });
  await admin.connect();
  try {
    const found = await admin.query('SELECT 1 FROM pg_database WHERE datname = $1', [name]);
    if (found.rowCount === 0) {
      await admin.query(`CREATE DATABASE "${name}"`);
      console.log(`created database ${name}`);
    }
  } finally {
    await admin.end();
  }
}

function migrate(url: string): void {
  const root = path.resolve(__dirname, '..');
  const result = spawnSync(process.execPath, ['-r', '@swc-node/register', 'apps/concert-service/src/migrate.ts'], {
    cwd: root,
    env: { ...process.env, DATABASE_URL: url },
    encoding: 'utf8',
  });
  process.stdout.write(result.stdout);
  if (result.status !== 0) throw new Error(`migrations failed:\n${result.stderr}`);
}

async function timed<T>(label: string, work: () => Promise<T>): Promise<T> {
  const started = process.hrtime.bigint();
  const result = await work();
  console.log(`  ${label}: ${(Number(process.hrtime.bigint() - started) / 1e6).toFixed(0)} ms`);
  return result;
}

async function generate(client: Client, options: Options): Promise<void> {
  const concerts = Math.ceil(options.schedules / options.schedulesPerConcert);
  const started = Date.now();
  console.log(`generating ${concerts} concerts × ${options.schedulesPerConcert} schedules × 50 seats …`);
  await client.query('BEGIN');
  // One transaction of bulk inserts: no need to wait for the WAL flush of each statement.
  await client.query('SET LOCAL synchronous_commit = off');
  await client.query('SELECT setseed(0.42)');
  await timed('concerts', () =>
    client.query(
      `INSERT INTO concert.concerts (id, title, venue, created_at)
       SELECT gen_random_uuid(), 'Volume Concert ' || g, 'Hall ' || (g % 50), now() - make_interval(secs => $1 - g)
         FROM generate_series(1, $1) AS g`,
      [concerts],
    ),
  );
  // Day offsets (k·17 + n·3) mod 360 − 60 are distinct for k = 1..360 (17 is prime to 360): no
  // two schedules of one concert share a start, as the unique index demands.
  await timed('schedules', () =>
    client.query(
      `INSERT INTO concert.schedules (id, concert_id, starts_at, total_seats, available_seats)
       SELECT gen_random_uuid(), c.id,
              date_trunc('day', now()) + make_interval(days => (((k * 17 + c.n * 3) % 360) - 60)::integer, hours => 10),
              50, 50
         FROM (SELECT id, row_number() OVER (ORDER BY created_at, id) AS n FROM concert.concerts) AS c
        CROSS JOIN generate_series(1, $1) AS k
        LIMIT $2`,
      [options.schedulesPerConcert, options.schedules],
    ),
  );
  // The data is consistent by construction: skip the per-row foreign-key triggers (superuser
  // only; the local server's postgres user is one). Constraints and indexes still apply.
  await client.query('SET LOCAL session_replication_role = replica');
  // Seats with their availability in one pass: ~2% of schedules sold out, else ~10% HELD and
  // ~10% SOLD per seat (random() in the inner select is evaluated per row).
  await timed('seats (with availability)', () =>
    client.query(
      `INSERT INTO concert.seats (schedule_id, seat_no, price, status, reservation_id, status_changed_at)
       SELECT schedule_id, n,
              CASE WHEN n <= 10 THEN 150000 WHEN n <= 30 THEN 110000 ELSE 80000 END,
              status, CASE WHEN status <> 'AVAILABLE' THEN gen_random_uuid() END, CASE WHEN status <> 'AVAILABLE' THEN now() END
         FROM (SELECT schedule_id, n,
                      CASE WHEN sold_out OR r >= 0.9 THEN 'SOLD' WHEN r >= 0.8 THEN 'HELD' ELSE 'AVAILABLE' END AS status
                 FROM (SELECT s.id AS schedule_id, s.sold_out, n, random() AS r
                         FROM (SELECT id, random() < 0.02 AS sold_out FROM concert.schedules) AS s
                        CROSS JOIN generate_series(1, 50) AS n) AS drawn) AS seat
        -- In primary-key order: the btree grows at its right edge instead of splitting pages at random.
        ORDER BY schedule_id, n`,
    ),
  );
  await timed('reservation records (live and released history)', () =>
    client.query(
      `INSERT INTO concert.seat_reservations (reservation_id, schedule_id, seat_no, phase, version)
       SELECT reservation_id, schedule_id, seat_no, CASE status WHEN 'SOLD' THEN 'CONFIRMED' ELSE 'HELD' END, CASE status WHEN 'SOLD' THEN 2 ELSE 1 END
         FROM concert.seats WHERE status <> 'AVAILABLE'
       UNION ALL
       SELECT gen_random_uuid(), schedule_id, seat_no, 'RELEASED', 2 FROM concert.seats WHERE random() < 0.3
       ORDER BY 1`,
    ),
  );
  await timed('available counts', () =>
    client.query(
      `UPDATE concert.schedules AS s SET available_seats = c.available
         FROM (SELECT schedule_id, count(*) FILTER (WHERE status = 'AVAILABLE')::smallint AS available
                 FROM concert.seats GROUP BY schedule_id) AS c
        WHERE c.schedule_id = s.id`,
    ),
  );
  await timed('commit', () => client.query('COMMIT'));
  await timed('analyze', () => client.query('VACUUM ANALYZE concert.concerts, concert.schedules, concert.seats, concert.seat_reservations'));
  console.log(`done in ${((Date.now() - started) / 1000).toFixed(1)} s`);
}

async function counts(client: Client): Promise<Record<string, number>> {
  const { rows } = await client.query<Record<string, string>>(
    `SELECT (SELECT count(*) FROM concert.concerts) AS concerts, (SELECT count(*) FROM concert.schedules) AS schedules,
            (SELECT count(*) FROM concert.seats) AS seats, (SELECT count(*) FROM concert.seat_reservations) AS seat_reservations`,
  );
  return Object.fromEntries(Object.entries(rows[0]).map(([key, value]) => [key, Number(value)]));
}

// ---------------------------------------------------------------------------------------------
// --explain: every query of concert-service, without and with the index that serves it.

interface Sample {
  concertId: string;
  scheduleId: string;
  seatNo: number;
  reservationId: string;
  now: string;
}

interface QueryCase {
  name: string;
  where: string;
  sql: string;
  params: (sample: Sample) => unknown[];
  /** SQL run (inside the rolled-back transaction) to take the index away for "before"; null: no index to take away. */
  withoutIndex: string | null;
  index: string;
  /** Writes: run in a rolled-back transaction. */
  write?: boolean;
}

const CASES: QueryCase[] = [
  {
    name: 'Concert list',
    where: 'GET /api/v1/concerts — PostgresCatalogReadRepository.listConcerts',
    sql: 'SELECT id, title, venue FROM concert.concerts ORDER BY created_at, id',
    params: () => [],
    withoutIndex: null,
    index: 'none: returns every row; a sequential scan and an in-memory sort of the whole (small) table is the cheapest plan',
  },
  {
    name: 'Bookable dates',
    where: 'GET /api/v1/concerts/:id/schedules — findUpcomingSchedules (cache miss)',
    sql: `SELECT c.version AS concert_version, s.id, s.starts_at, s.total_seats, s.available_seats
            FROM concert.concerts c LEFT JOIN concert.schedules s ON s.concert_id = c.id AND s.starts_at > $2
           WHERE c.id = $1 ORDER BY s.starts_at`,
    params: (sample) => [sample.concertId, sample.now],
    withoutIndex: 'DROP INDEX concert.schedules_concert_id_starts_at_key',
    index: 'schedules_concert_id_starts_at_key UNIQUE (concert_id, starts_at) + concerts_pkey',
  },
  {
    name: 'Seat map',
    where: 'GET /api/v1/concerts/:id/schedules/:id/seats — findSeatMap (cache miss)',
    sql: `SELECT sc.concert_id, sc.version, se.seat_no, se.price, se.status
            FROM concert.schedules sc JOIN concert.seats se ON se.schedule_id = sc.id
           WHERE sc.id = $1 ORDER BY se.seat_no`,
    params: (sample) => [sample.scheduleId],
    withoutIndex: 'ALTER TABLE concert.seats DROP CONSTRAINT seats_pkey CASCADE',
    index: 'seats_pkey (schedule_id, seat_no) + schedules_pkey',
  },
  {
    name: 'Concert exists',
    where: 'seat map 404 path, seed — concertExists / exists',
    sql: 'SELECT 1 FROM concert.concerts WHERE id = $1',
    params: (sample) => [sample.concertId],
    withoutIndex: 'ALTER TABLE concert.concerts DROP CONSTRAINT concerts_pkey CASCADE',
    index: 'concerts_pkey (id)',
  },
  {
    name: 'Lock the seat',
    where: 'reservation event handler — PostgresSeatAvailabilityStore.lockSeat (1)',
    sql: `SELECT se.status, se.reservation_id, sc.concert_id
            FROM concert.seats se JOIN concert.schedules sc ON sc.id = se.schedule_id
           WHERE se.schedule_id = $1 AND se.seat_no = $2 FOR UPDATE OF se`,
    params: (sample) => [sample.scheduleId, sample.seatNo],
    withoutIndex: 'ALTER TABLE concert.seats DROP CONSTRAINT seats_pkey CASCADE',
    index: 'seats_pkey (schedule_id, seat_no) + schedules_pkey',
    write: true,
  },
  {
    name: 'Live reservations of the seat',
    where: 'reservation event handler — PostgresSeatAvailabilityStore.lockSeat (2)',
    sql: `SELECT reservation_id, phase, version FROM concert.seat_reservations
           WHERE schedule_id = $1 AND seat_no = $2 AND phase <> 'RELEASED'
          UNION
          SELECT reservation_id, phase, version FROM concert.seat_reservations
           WHERE reservation_id = $3 AND schedule_id = $1 AND seat_no = $2`,
    params: (sample) => [sample.scheduleId, sample.seatNo, sample.reservationId],
    withoutIndex: 'DROP INDEX concert.seat_reservations_live_seat_idx',
    index: "seat_reservations_live_seat_idx (schedule_id, seat_no) WHERE phase <> 'RELEASED' + seat_reservations_pkey (reservation_id)",
  },
  {
    name: 'Record the reservation version',
    where: 'reservation event handler — PostgresSeatAvailabilityStore.saveRecord',
    sql: `INSERT INTO concert.seat_reservations (reservation_id, schedule_id, seat_no, phase, version, updated_at)
          VALUES ($3, $1, $2, 'RELEASED', 3, now())
          ON CONFLICT (reservation_id) DO UPDATE SET phase = EXCLUDED.phase, version = EXCLUDED.version, updated_at = EXCLUDED.updated_at
           WHERE seat_reservations.schedule_id = EXCLUDED.schedule_id AND seat_reservations.seat_no = EXCLUDED.seat_no`,
    params: (sample) => [sample.scheduleId, sample.seatNo, sample.reservationId],
    withoutIndex: null,
    index: 'seat_reservations_pkey (the ON CONFLICT arbiter) + seats_pkey (foreign key check)',
    write: true,
  },
  {
    name: 'Save the seat status and counts',
    where: 'reservation event handler — PostgresSeatAvailabilityStore.saveStatus',
    sql: `WITH seat AS (
            UPDATE concert.seats SET status = 'AVAILABLE', reservation_id = NULL, status_changed_at = now()
             WHERE schedule_id = $1 AND seat_no = $2
          ), schedule AS (
            UPDATE concert.schedules SET available_seats = least(available_seats + 1, total_seats), version = version + 1 WHERE id = $1 RETURNING concert_id, version
          ), concert AS (
            UPDATE concert.concerts SET version = version + 1 WHERE id = (SELECT concert_id FROM schedule) RETURNING version
          )
          SELECT schedule.concert_id, schedule.version, (SELECT version FROM concert) FROM schedule`,
    params: (sample) => [sample.scheduleId, sample.seatNo],
    withoutIndex: 'ALTER TABLE concert.seats DROP CONSTRAINT seats_pkey CASCADE',
    index: 'seats_pkey, schedules_pkey, concerts_pkey',
    write: true,
  },
  {
    name: 'Create a concert (seats of 5 schedules)',
    where: 'POST /api/v1/admin/concerts — PostgresConcertRepository.add (the largest insert)',
    sql: `WITH c AS (INSERT INTO concert.concerts (id, title, venue) VALUES (gen_random_uuid(), 'x', 'y') RETURNING id),
               s AS (INSERT INTO concert.schedules (id, concert_id, starts_at, total_seats, available_seats)
                     SELECT gen_random_uuid(), c.id, now() + make_interval(days => d), 50, 50 FROM c, generate_series(1, 5) d RETURNING id)
          INSERT INTO concert.seats (schedule_id, seat_no, price) SELECT s.id, n, 80000 FROM s, generate_series(1, 50) n`,
    params: () => [],
    withoutIndex: null,
    index: 'primary keys (uniqueness) and the foreign keys schedules → concerts, seats → schedules, checked through the parents’ primary keys',
    write: true,
  },
];

async function pickSample(client: Client): Promise<Sample> {
  const { rows } = await client.query<{ concert_id: string; schedule_id: string; seat_no: number; reservation_id: string }>(
    `SELECT s.concert_id, r.schedule_id, r.seat_no, r.reservation_id
       FROM concert.seat_reservations r JOIN concert.schedules s ON s.id = r.schedule_id
      WHERE r.phase = 'HELD' AND s.starts_at > now()
      ORDER BY r.reservation_id LIMIT 1`,
  );
  const row = rows[0];
  if (!row) throw new Error('no held seat in the volume: generate first');
  return { concertId: row.concert_id, scheduleId: row.schedule_id, seatNo: row.seat_no, reservationId: row.reservation_id, now: new Date().toISOString() };
}

async function explain(client: Client, query: QueryCase, sample: Sample, dropIndex: string | null): Promise<{ plan: string; executionMs: number }> {
  await client.query('BEGIN');
  try {
    if (dropIndex) await client.query(dropIndex);
    const params = query.params(sample);
    // Warm the buffer cache so "before" and "after" compare plans, not disk reads.
    for (let run = 0; run < 3; run++) {
      await client.query('SAVEPOINT warm');
      await client.query(query.sql, params);
      await client.query('ROLLBACK TO SAVEPOINT warm');
    }
    const times: number[] = [];
    let plan = '';
    for (let run = 0; run < 5; run++) {
      await client.query('SAVEPOINT measure');
      const { rows } = await client.query<{ 'QUERY PLAN': string }>(`EXPLAIN (ANALYZE, BUFFERS) ${query.sql}`, params);
      await client.query('ROLLBACK TO SAVEPOINT measure');
      const lines = rows.map((row) => row['QUERY PLAN']);
      const execution = lines.find((line) => line.startsWith('Execution Time'));
      times.push(Number(/([\d.]+) ms/.exec(execution ?? '')?.[1] ?? NaN));
      if (run === 0) plan = lines.join('\n');
    }
    times.sort((a, b) => a - b);
    return { plan, executionMs: times[Math.floor(times.length / 2)] };
  } finally {
    await client.query('ROLLBACK');
  }
}

async function explainAll(client: Client, options: Options): Promise<void> {
  const sample = await pickSample(client);
  const volume = await counts(client);
  const out: string[] = [];
  out.push(`<!-- generated by: node -r @swc-node/register scripts/generate-catalog-volume.ts --explain (database ${new URL(options.databaseUrl).pathname.slice(1)}) -->`);
  out.push(`Run ${new Date().toISOString()} on ${os.cpus().length} cores, ${Math.round(os.totalmem() / 2 ** 30)} GB, ${'PostgreSQL ' + (await client.query<{ server_version: string }>('SHOW server_version')).rows[0].server_version}.`);
  out.push(`Volume: ${Object.entries(volume).map(([table, n]) => `${table} ${n.toLocaleString('en-US')}`).join(', ')}.`);
  out.push('Times: median Execution Time of 5 EXPLAIN ANALYZE runs after 3 warm-up runs; "before" drops the index inside a rolled-back transaction.\n');
  out.push('| query | before (ms) | after (ms) | index |');
  out.push('|---|---:|---:|---|');
  const details: string[] = [];
  for (const query of CASES) {
    const after = await explain(client, query, sample, null);
    const before = query.withoutIndex ? await explain(client, query, sample, query.withoutIndex) : null;
    out.push(`| ${query.name} | ${before ? before.executionMs.toFixed(3) : '—'} | ${after.executionMs.toFixed(3)} | ${query.index} |`);
    details.push(`### ${query.name}\n\n${query.where}\n\n\`\`\`sql\n${query.sql.replace(/^ {10}/gm, '')}\n\`\`\``);
    if (before) details.push(`Before (\`${query.withoutIndex}\`):\n\n\`\`\`\n${before.plan}\n\`\`\``);
    details.push(`After:\n\n\`\`\`\n${after.plan}\n\`\`\`\n`);
  }
  console.log(`\n${out.join('\n')}\n\n${details.join('\n\n')}`);
}

async function main(): Promise<void> {
  const options = parseOptions(process.argv.slice(2));
  await ensureDatabase(options.databaseUrl);
  migrate(options.databaseUrl);
  const client = new Client({ connectionString: options.databaseUrl });
  await client.connect();
  try {
    if (options.reset) {
      await client.query('TRUNCATE concert.seat_reservations, concert.seats, concert.schedules, concert.concerts');
      console.log('catalog tables emptied');
    }
    const existing = await counts(client);
    if (existing['seats'] > 0) {
      console.log(`the catalog already holds ${existing['seats'].toLocaleString('en-US')} seat rows; pass --reset to regenerate`);
    } else {
      await generate(client, options);
    }
    console.log(JSON.stringify(await counts(client)));
    if (options.explain) await explainAll(client, options);
  } finally {
    await client.end();
  }
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
