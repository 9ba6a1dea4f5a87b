/**
 * A chaos run (`npm run chaos`): the whole system, as `npm start` runs it (two api instances and a
 * worker of every service), on a Postgres, a Redis and a Kafka of its own, under a steady purchase
 * load. Every so often one part is SIGKILLed at random — a service instance, a worker, Redis, Kafka
 * or Postgres — and started again after a random pause. At the end the load stops, the sagas get
 * time to settle, and the run checks what must hold whatever happened: no saga left unfinished, no
 * place lost in the waiting room, no seat sold twice, money reconciled.
 */
import { randomBytes } from 'node:crypto';
import { createTestKafka, createThrowawayKafka, createThrowawayPostgres, createThrowawayRedis } from '@concert/testing';
import { Client } from 'pg';
import { reconcile, type ReconciliationReport } from '../reconcile/reconcile';
import { BACKEND_SERVICES, type RunningSystem, startSystem } from '../system/system';
import { type BuyerLoadStats, type ChaosConcert, startBuyers } from './buyers';

export type FaultKind = 'service' | 'worker' | 'redis' | 'kafka' | 'postgres';
export const FAULT_KINDS: readonly FaultKind[] = ['service', 'worker', 'redis', 'kafka', 'postgres'];

export interface ChaosOptions {
  minutes: number;
  /** Concurrent buyers (each one purchase at a time). */
  buyers: number;
  /** The room's active slots: fewer than the buyers, so some always wait. */
  activeUsers: number;
  /** Pause between the end of one fault and the next, ms: drawn uniformly in [min, max]. */
  faultEveryMs: [number, number];
  /** How long a killed part stays down, ms: drawn uniformly in [min, max]. */
  downMs: [number, number];
  settleSeconds: number;
  gatewayPort: number;
  kinds: readonly FaultKind[];
  log: (line: string) => void;
}

export interface Fault {
  kind: FaultKind;
  target: string;
  atSecond: number;
  downMs: number;
}

export interface ChaosReport {
  minutes: number;
  faults: Fault[];
  load: BuyerLoadStats;
  /** Paid reservations neither CONFIRMED nor refunded after the settle time. */
  unfinishedSagas: string[];
  /** (schedule, seat) pairs with more than one CONFIRMED reservation, or SOLD twice. */
  doubleBookings: number;
  reconciliation: ReconciliationReport;
  /** Rows of the outboxes not yet sent after the settle time. */
  unsentOutbox: number;
  /** Messages each consumer group had not committed after the settle time (groups behind only). */
  consumerLag: Record<string, number>;
  /** Events an inbox handler gave up on (dead_letters rows), with the first errors. */
  parkedEvents: { count: number; first: string[] };
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const between = ([min, max]: [number, number]) => min + Math.floor(Math.random() * (max - min + 1));
const pick = <T>(items: readonly T[]): T => items[Math.floor(Math.random() * items.length)];

function shuffled<T>(items: readonly T[]): T[] {
  const deck = [...items];
  for (let i = deck.length - 1; i > 0; i--) {
    const j = Math.floor(Math.random() * (i + 1));
    [deck[i], deck[j]] = [deck[j], deck[i]];
  }
  return deck;
}

/** Concerts of 100 dates of 50 seats, enough for the run's purchases at 30 a second. */
function concertsFor(minutes: number): number {
  return Math.ceil((minutes * 60 * 30) / (100 * 50));
}

export async function runChaos(options: ChaosOptions): Promise<ChaosReport> {
  const { log } = options;
  const postgres = await createThrowawayPostgres();
  const redis = await createThrowawayRedis();
  const kafka = await createThrowawayKafka();
  let system: RunningSystem | undefined;
  try {
    await Promise.all([postgres.start(), redis.start(), kafka.start()]);
    const databaseUrl = await postgres.createDatabase('chaos', ['concert', 'reservation', 'payment']);
    // Every service declares its topics at start.
    const topicPrefix = `chaos.${randomBytes(3).toString('hex')}.`;
    log(`infrastructure: postgres ${postgres.url}, redis ${redis.url}, kafka ${kafka.brokers}`);

    system = await startSystem({
      gatewayPort: options.gatewayPort,
      replicas: 2,
      runtime: 'dist',
      restart: true,
      env: {
        ...process.env,
        NODE_ENV: 'test',
        LOG_LEVEL: 'error',
        DATABASE_URL: databaseUrl,
        REDIS_URL: redis.url,
        KAFKA_BROKERS: kafka.brokers,
        KAFKA_TOPIC_PREFIX: topicPrefix,
        KAFKA_SESSION_TIMEOUT_MS: '6000',
        RATE_LIMIT_PER_CLIENT_PER_SECOND: '0',
        OUTBOX_RETRY_MAX_DELAY_MS: '1000',
        CONSUMER_RETRY_MAX_DELAY_MS: '500',
        QUEUE_MAX_ACTIVE_USERS: String(options.activeUsers),
        // A buyer who leaves mid-purchase frees its slot within a minute.
        QUEUE_ACTIVE_SECONDS: '60',
      },
      output: (name, line) => log(`${name.padEnd(26)}| ${line}`),
    });
    const concerts: ChaosConcert[] = [];
    for (let i = 0; i < concertsFor(options.minutes); i++) concerts.push(await createConcert(system.gatewayUrl, 100, i));
    await catalogArrived(databaseUrl, concerts.flatMap((concert) => concert.scheduleIds));
    log(`system up at ${system.gatewayUrl}; ${concerts.length} concerts of 100 dates`);

    const load = startBuyers({ gatewayUrl: system.gatewayUrl, concerts, buyers: options.buyers });
    const startedAt = Date.now();
    const endsAt = startedAt + options.minutes * 60_000;
    const faults: Fault[] = [];
    // Kinds are dealt from a shuffled deck: a random order in which every kind comes up once per round.
    const deck: FaultKind[] = [];
    const running = system;
    const takeDown: Record<FaultKind, () => Promise<{ target: string; restart: () => Promise<void> }>> = {
      service: async () => {
        const target = `${pick(BACKEND_SERVICES)}#${pick([1, 2])}`;
        return { target, restart: await running.kill(target) };
      },
      worker: async () => {
        const target = `${pick(BACKEND_SERVICES)}-worker`;
        return { target, restart: await running.kill(target) };
      },
      redis: async () => {
        await redis.kill();
        return { target: 'redis', restart: () => redis.start() };
      },
      kafka: async () => {
        await kafka.stop();
        return { target: 'kafka', restart: () => kafka.start() };
      },
      postgres: async () => {
        await postgres.kill();
        return { target: 'postgres', restart: () => postgres.start() };
      },
    };
    while (Date.now() < endsAt) {
      await sleep(Math.min(between(options.faultEveryMs), Math.max(0, endsAt - Date.now())));
      if (Date.now() >= endsAt) break;
      if (deck.length === 0) deck.push(...shuffled(options.kinds));
      const kind = deck.pop() as FaultKind;
      const downMs = between(options.downMs);
      const { target, restart } = await takeDown[kind]();
      const fault = { kind, target, atSecond: Math.round((Date.now() - startedAt) / 1000), downMs };
      faults.push(fault);
      log(`fault ${faults.length}: ${target} killed at ${fault.atSecond} s, back after ${downMs} ms`);
      await sleep(downMs);
      await restart();
    }
    log('load stops; sagas settle');
    await load.stop();

    const db = new Client({ connectionString: databaseUrl });
    await db.connect();
    try {
      const paid = [...load.stats.paid.keys()];
      const unfinished = async () => {
        const { rows } = await db.query<{ id: string }>(
          `SELECT r.id FROM reservation.reservations r
            WHERE r.id = ANY($1) AND r.status <> 'CONFIRMED'
              AND NOT EXISTS (SELECT 1 FROM payment.payments p WHERE p.reservation_id = r.id AND p.status = 'REFUNDED')`,
          [paid],
        );
        return rows.map((row) => row.id);
      };
      const unsent = async () => {
        let total = 0;
        for (const schema of ['concert', 'reservation', 'payment']) {
          const { rows } = await db.query<{ n: number }>(`SELECT count(*)::int AS n FROM ${schema}.outbox WHERE sent_at IS NULL`);
          total += rows[0]?.n ?? 0;
        }
        return total;
      };
      // Every consumer has caught up too: an event published is not yet an event applied.
      const lagOf = async (): Promise<Record<string, number>> => {
        const reader = createTestKafka(topicPrefix, [kafka.brokers]);
        try {
          return Object.fromEntries([...(await reader.bus.consumerGroupLag())].filter(([, behind]) => behind > 0));
        } catch (error) {
          return { [`unreadable: ${error instanceof Error ? error.message : String(error)}`]: -1 };
        } finally {
          await reader.bus.disconnect().catch(() => undefined);
        }
      };
      const settleUntil = Date.now() + options.settleSeconds * 1000;
      let unfinishedSagas = await unfinished();
      let unsentOutbox = await unsent();
      let consumerLag = await lagOf();
      while ((unfinishedSagas.length > 0 || unsentOutbox > 0 || Object.keys(consumerLag).length > 0) && Date.now() < settleUntil) {
        await sleep(1000);
        unfinishedSagas = await unfinished();
        unsentOutbox = await unsent();
        consumerLag = await lagOf();
      }
      const parked = await db.query<{ n: number; first: string[] | null }>(
        `SELECT count(*)::int AS n, (array_agg(consumer_group || ' ' || topic || ': ' || left(error, 300)))[1:3] AS first
           FROM (${['concert', 'reservation', 'payment'].map((schema) => `SELECT consumer_group, topic, error FROM ${schema}.dead_letters`).join(' UNION ALL ')}) d`,
      );
      const parkedEvents = { count: parked.rows[0]?.n ?? 0, first: parked.rows[0]?.first ?? [] };
      const doubles = await db.query<{ n: number }>(
        `SELECT count(*)::int AS n FROM (
           SELECT schedule_id, seat_no FROM reservation.reservations WHERE status = 'CONFIRMED' GROUP BY 1, 2 HAVING count(*) > 1
         ) d`,
      );
      const reconciliation = await reconcile(databaseUrl, 15_000);
      return { minutes: options.minutes, faults, load: load.stats, unfinishedSagas, doubleBookings: doubles.rows[0]?.n ?? 0, reconciliation, unsentOutbox, consumerLag, parkedEvents };
    } finally {
      await db.end();
    }
  } finally {
    await system?.stop().catch(() => undefined);
    await Promise.all([kafka.destroy(), redis.destroy(), postgres.destroy()].map((done) => done.catch(() => undefined)));
  }
}

/** Holds need reservation-service's copy of the catalog, which the concert's events bring. */
async function catalogArrived(databaseUrl: string, scheduleIds: readonly string[]): Promise<void> {
  const db = new Client({ connectionString: databaseUrl });
  await db.connect();
  try {
    const deadline = Date.now() + 60_000;
    for (;;) {
      const { rows } = await db.query<{ n: number }>('SELECT count(*)::int AS n FROM reservation.catalog_seats WHERE schedule_id = ANY($1)', [scheduleIds]);
      if (rows[0]?.n === scheduleIds.length * 50) return;
      if (Date.now() > deadline) throw new Error(`reservation-service knows ${rows[0]?.n ?? 0} of ${scheduleIds.length * 50} seats after 60 s`);
      await sleep(250);
    }
  } finally {
    await db.end();
  }
}

async function createConcert(gatewayUrl: string, schedules: number, index: number): Promise<ChaosConcert> {
  const day = (offset: number) => {
    const kst = new Date(Date.now() + offset * 86_400_000 + 9 * 3_600_000);
    return `${kst.toISOString().slice(0, 10)}T19:00:00+09:00`;
  };
  const response = await fetch(`${gatewayUrl}/api/v1/admin/concerts`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'x-admin-key': 'dev-admin-key' },
    body: JSON.stringify({ title: `Chaos night ${index + 1}`, venue: 'Olympic Hall, Seoul', schedules: Array.from({ length: schedules }, (_, i) => ({ startsAt: day(10 + i), seatPrice: 10_000 })) }),
  });
  if (response.status !== 201) throw new Error(`creating the concert answered ${response.status}: ${await response.text()}`);
  const body = (await response.json()) as { concertId: string; schedules: Array<{ scheduleId: string }> };
  return { concertId: body.concertId, scheduleIds: body.schedules.map((schedule) => schedule.scheduleId) };
}

/** What must hold after any run; empty when everything does. */
export function violations(report: ChaosReport): string[] {
  const found: string[] = [];
  if (report.unfinishedSagas.length > 0) found.push(`${report.unfinishedSagas.length} sagas unfinished`);
  if (report.load.placesLost.length > 0) found.push(`${report.load.placesLost.length} places lost (${report.load.placesLost.slice(0, 3).join('; ')})`);
  if (report.doubleBookings > 0) found.push(`${report.doubleBookings} double bookings`);
  if (report.reconciliation.drift.length > 0) found.push(`reconciliation drift: ${JSON.stringify(report.reconciliation.drift.slice(0, 3))}`);
  if (report.unsentOutbox > 0) found.push(`${report.unsentOutbox} outbox rows unsent`);
  const behind = Object.entries(report.consumerLag);
  if (behind.length > 0) found.push(`consumers behind after settling: ${behind.map(([group, lag]) => `${group} ${lag}`).join(', ')}`);
  if (report.parkedEvents.count > 0) found.push(`${report.parkedEvents.count} events parked (${report.parkedEvents.first.join('; ')})`);
  if ((report.load.statuses.get(500) ?? 0) > 0) found.push(`${report.load.statuses.get(500)} answers 500`);
  if (report.load.unexpected.length > 0) found.push(`${report.load.unexpected.length} unexpected answers (${report.load.unexpected.slice(0, 3).join('; ')})`);
  return found;
}

/** The table `npm run chaos` prints (and docs/operations.md records). */
export function table(report: ChaosReport): string {
  const byKind = FAULT_KINDS.map((kind) => `${kind} ${report.faults.filter((fault) => fault.kind === kind).length}`).join(', ');
  const statuses = [...report.load.statuses.entries()]
    .sort(([a], [b]) => a - b)
    .map(([status, count]) => `${status === 0 ? 'no answer' : status} ${count}`)
    .join(', ');
  const rows: Array<[string, string]> = [
    ['duration', `${report.minutes} min`],
    ['faults injected', `${report.faults.length} (${byKind})`],
    ['requests', String(report.load.requests)],
    ['answers by status', statuses],
    ['queue tokens issued', String(report.load.joins)],
    ['purchases paid (201)', String(report.load.paid.size)],
    ['purchases confirmed', String(report.reconciliation.confirmedReservations)],
    ['sagas unfinished after settling', String(report.unfinishedSagas.length)],
    ['places lost in the queue', String(report.load.placesLost.length)],
    ['double bookings', String(report.doubleBookings)],
    ['unexpected answers', String(report.load.unexpected.length)],
    ['outbox rows unsent', String(report.unsentOutbox)],
    ['consumer groups behind after settling', String(Object.keys(report.consumerLag).length)],
    ['events parked', String(report.parkedEvents.count)],
    ['reconciliation', report.reconciliation.drift.length === 0 ? `clean (sold ${report.reconciliation.soldSeats} = confirmed ${report.reconciliation.confirmedReservations} = completed ${report.reconciliation.completedPayments})` : `DRIFT ${report.reconciliation.drift.length}`],
  ];
  return ['| measure | value |', '|---|---|', ...rows.map(([name, value]) => `| ${name} | ${value} |`)].join('\n');
}
