/**
 * Growth run 3: outbox relay latency with an empty outbox vs one holding 1,000,000 already-sent
 * rows (a day of history at ~12 events/s, kept by OUTBOX_RETENTION_HOURS=24).
 *
 * Runs the platform's real relay as every service runs it — MessagingModule with outbox: true in a
 * Nest application context (OutboxRelayRunner: LISTEN/NOTIFY wake-up, polling, housekeeping) —
 * on a fresh database and a unique Kafka topic prefix, and writes events with the real
 * OutboxWriter, one transaction each. Measured per event: commit (the writer's COMMIT returned) →
 * the broker's ack (the relay's publish call resolved), at a steady rate; and the drain rate of a
 * burst committed at once. The relay's own outbox_relay_lag_seconds (insert → ack; for a burst it
 * also holds the ~1 s of writing before the commit) is reported alongside as a cross-check, and
 * so is the time of the relay's housekeeping count of unsent rows (run in the relay loop every
 * 10 s, so a slow one delays relaying). The database and the topics are deleted at the end.
 */
import { performance } from 'node:perf_hooks';
import { type INestApplicationContext, Module } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { getDataSourceToken } from '@nestjs/typeorm';
import { EventHeaders, Topics } from '@concert/contracts';
import {
  baseConfigSchema,
  ConfigModule,
  DatabaseModule,
  databaseConfigSchema,
  KafkajsMessageBus,
  loadConfig,
  messagingConfigSchema,
  messagingEntities,
  messagingMigrations,
  MessagingModule,
  OutboxWriter,
  PostgresOutboxStore,
} from '@concert/platform';
import { createTestDatabase, createTestKafka, migrateService, testInfra, uniqueTopicPrefix } from '@concert/testing';
import { type Histogram, register } from 'prom-client';
import type { DataSource } from 'typeorm';
import type { LoadResult } from '../lib/load';
import type { ScenarioResult } from '../lib/report';
import { count, type GrowthOptions, growthNotes, row } from './shared';

const SCHEMA = 'relay_growth';
const FULL_HISTORY = 1_000_000;
/** Steady load: events per second, each its own transaction (as one request writes one event). */
const RATE_PER_SECOND = 200;
const WARM_UP_EVENTS = 200;
/** Committed in one transaction, then drained: the relay's throughput (batches of OUTBOX_BATCH_SIZE). */
const BURST_EVENTS = 5_000;
/** A drain takes ~0.5 s, short enough for one hiccup of the machine to decide it: the median of 3. */
const BURST_RUNS = 3;
/** A payload about the size of a reservation event's (four UUIDs, a price, a timestamp). */
const NOTE = 'x'.repeat(200);

const relayConfigSchema = baseConfigSchema.merge(databaseConfigSchema).merge(messagingConfigSchema);

@Module({})
class RelayGrowthModule {}

interface Probe {
  dataSource: DataSource;
  writer: OutboxWriter;
  /** Event id → when the broker acknowledged it (performance.now()). */
  acked: Map<string, number>;
}

interface Lag {
  load: LoadResult;
  metricMeanMs: number;
}

interface Measured {
  steady: Lag;
  burst: Lag;
  countUnsentMs: number;
}

export async function relayGrowth(options: GrowthOptions): Promise<ScenarioResult[]> {
  const history = Math.max(10_000, Math.round(FULL_HISTORY * options.scale));
  const steadyEvents = RATE_PER_SECOND * options.duration;
  const database = await createTestDatabase('bench_relay_growth');
  const topicPrefix = uniqueTopicPrefix();
  let app: INestApplicationContext | undefined;
  try {
    await migrateService(database.url, { schema: SCHEMA, entities: messagingEntities, migrations: messagingMigrations });
    const config = loadConfig(relayConfigSchema, {
      DATABASE_URL: database.url,
      KAFKA_BROKERS: testInfra.kafkaBrokers.join(','),
      KAFKA_TOPIC_PREFIX: topicPrefix,
      INSTANCE_ID: 'bench-relay-growth',
    });
    app = await NestFactory.createApplicationContext(
      {
        module: RelayGrowthModule,
        imports: [
          ConfigModule.forRoot(config),
          DatabaseModule.forRoot({ schema: SCHEMA, entities: messagingEntities, migrations: [] }),
          MessagingModule.forRoot({ service: 'bench-relay-growth', outbox: true }),
        ],
      },
      { logger: ['error', 'warn'] },
    );
    const bus = app.get(KafkajsMessageBus);
    await bus.ensureTopics([Topics.PlatformProbe]);
    const probe: Probe = { dataSource: app.get<DataSource>(getDataSourceToken()), writer: app.get(OutboxWriter), acked: timeAcks(bus) };

    const measure = async (rows: number): Promise<Measured> => {
      options.log(`relay growth: ${count(steadyEvents)} events at ${RATE_PER_SECOND}/s, then ${BURST_RUNS} bursts of ${count(BURST_EVENTS)}, with ${count(rows)} sent rows in the outbox`);
      await steady(probe, WARM_UP_EVENTS);
      const steadyLag = await steady(probe, steadyEvents);
      const bursts: Lag[] = [];
      for (let run = 0; run < BURST_RUNS; run++) bursts.push(await burst(probe));
      bursts.sort((a, b) => a.load.rps - b.load.rps);
      return { steady: steadyLag, burst: bursts[Math.floor(BURST_RUNS / 2)], countUnsentMs: await countUnsentMs(probe.dataSource) };
    };
    const empty = await measure(0);
    const fillStarted = Date.now();
    await fillHistory(probe.dataSource, history);
    options.log(`relay growth: inserted ${count(history)} sent rows in ${((Date.now() - fillStarted) / 1000).toFixed(1)} s`);
    const full = await measure(history);

    const steadyVerdict = growthNotes(empty.steady.load, full.steady.load, { judgeP99: true });
    const burstVerdict = growthNotes(empty.burst.load, full.burst.load);
    options.log(`relay growth: commit → ack at ${RATE_PER_SECOND}/s, empty vs ${count(history)} sent rows — ${steadyVerdict.summary}`);
    options.log(`relay growth: burst of ${count(BURST_EVENTS)} (median of ${BURST_RUNS}), empty vs ${count(history)} sent rows — ${burstVerdict.summary}`);
    options.log(`relay growth: housekeeping count of unsent rows ${empty.countUnsentMs} → ${full.countUnsentMs} ms`);
    const metric = (lag: Lag) => ({ 'relay metric mean ms': lag.metricMeanMs });
    const housekeeping = (measured: Measured) => ({ 'housekeeping count ms': measured.countUnsentMs });
    return [
      row(`growth: outbox relay commit→ack, empty outbox`, empty.steady.load, { events: count(steadyEvents), ...metric(empty.steady), ...housekeeping(empty) }),
      row(`growth: outbox relay commit→ack, ${count(history)} sent rows`, full.steady.load, {
        events: count(steadyEvents),
        ...metric(full.steady),
        ...housekeeping(full),
        ...steadyVerdict.notes,
      }),
      row(`growth: outbox relay burst drain, empty outbox`, empty.burst.load, { events: count(BURST_EVENTS), ...metric(empty.burst) }),
      row(`growth: outbox relay burst drain, ${count(history)} sent rows`, full.burst.load, { events: count(BURST_EVENTS), ...metric(full.burst), ...burstVerdict.notes }),
    ];
  } finally {
    await app?.close();
    await createTestKafka(topicPrefix).cleanup();
    await database.drop();
  }
}

/** Notes when the broker acknowledged each event: the relay publishes through this very bus instance. */
function timeAcks(bus: KafkajsMessageBus): Map<string, number> {
  const acked = new Map<string, number>();
  const publish = bus.publish.bind(bus);
  bus.publish = async (messages) => {
    await publish(messages);
    const at = performance.now();
    for (const message of messages) acked.set(message.headers[EventHeaders.EventId] ?? '', at);
  };
  return acked;
}

function append(probe: Probe, manager: Parameters<OutboxWriter['append']>[0], index: number): Promise<string> {
  return probe.writer.append(manager, { topic: Topics.PlatformProbe, key: `k${index % 64}`, payload: { probeId: `p${index}`, note: NOTE } });
}

/** `events` events at RATE_PER_SECOND, one transaction each; lag from each commit to its ack. */
async function steady(probe: Probe, events: number): Promise<Lag> {
  resetRelayMetric();
  const committed = new Map<string, number>();
  let failed = 0;
  const started = performance.now();
  const writes: Array<Promise<void>> = [];
  for (let i = 0; i < events; i++) {
    const wait = started + (i * 1000) / RATE_PER_SECOND - performance.now();
    if (wait > 0) await new Promise((resolve) => setTimeout(resolve, wait));
    writes.push(
      probe.dataSource.transaction((manager) => append(probe, manager, i)).then(
        (id) => {
          committed.set(id, performance.now());
        },
        () => {
          failed += 1;
        },
      ),
    );
  }
  await Promise.all(writes);
  return lagOf(probe, committed, failed, started);
}

/** BURST_EVENTS committed in one transaction; lag from that commit to each ack, rate = drain rate. */
async function burst(probe: Probe): Promise<Lag> {
  resetRelayMetric();
  const ids = await probe.dataSource.transaction(async (manager) => {
    const written: string[] = [];
    for (let i = 0; i < BURST_EVENTS; i++) written.push(await append(probe, manager, i));
    return written;
  });
  const committedAt = performance.now();
  return lagOf(probe, new Map(ids.map((id) => [id, committedAt])), 0, committedAt);
}

/** Waits (30 s at most) for every committed event's ack; an event never acknowledged is an error. */
async function lagOf(probe: Probe, committed: Map<string, number>, failed: number, started: number): Promise<Lag> {
  const deadline = performance.now() + 30_000;
  while ([...committed.keys()].some((id) => !probe.acked.has(id)) && performance.now() < deadline) {
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
  const lags: number[] = [];
  let lastAck = started;
  for (const [id, at] of committed) {
    const ack = probe.acked.get(id);
    if (ack === undefined) continue;
    // The ack can beat the writer's own view of its commit by a hair (the COMMIT reply and the
    // NOTIFY travel on different connections): count that as 0.
    lags.push(Math.max(0, ack - at));
    lastAck = Math.max(lastAck, ack);
  }
  lags.sort((a, b) => a - b);
  const at = (q: number) => Number((lags[Math.min(lags.length - 1, Math.max(0, Math.ceil(q * lags.length) - 1))] ?? 0).toFixed(1));
  const seconds = Math.max(0.001, (lastAck - started) / 1000);
  return {
    load: {
      requests: lags.length,
      rps: Math.round(lags.length / seconds),
      p50: at(0.5),
      p90: at(0.9),
      p99: at(0.99),
      max: at(1),
      errors: failed + committed.size - lags.length,
      statusCounts: {},
    },
    metricMeanMs: await relayMetricMeanMs(),
  };
}

/** Median of 5 runs of the relay's housekeeping count (PostgresOutboxStore.countUnsent). */
async function countUnsentMs(dataSource: DataSource): Promise<number> {
  const store = new PostgresOutboxStore(dataSource);
  const times: number[] = [];
  for (let run = 0; run < 5; run++) {
    const started = performance.now();
    await store.countUnsent();
    times.push(performance.now() - started);
  }
  times.sort((a, b) => a - b);
  return Number((times[2] ?? 0).toFixed(1));
}

function relayMetric(): Histogram | undefined {
  return register.getSingleMetric('outbox_relay_lag_seconds') as Histogram | undefined;
}

function resetRelayMetric(): void {
  relayMetric()?.reset();
}

async function relayMetricMeanMs(): Promise<number> {
  const values = (await relayMetric()?.get())?.values ?? [];
  const sum = values.find((value) => value.metricName === 'outbox_relay_lag_seconds_sum')?.value ?? 0;
  const total = values.find((value) => value.metricName === 'outbox_relay_lag_seconds_count')?.value ?? 0;
  return total > 0 ? Number(((sum / total) * 1000).toFixed(1)) : 0;
}

/**
 * `rows` sent reservation events spread over the last 23 hours (inside the 24 h retention, so the
 * relay's housekeeping keeps them, as it would a day of history), with a reservation event's
 * payload and headers. Then VACUUM ANALYZE (as autovacuum would soon) and a CHECKPOINT, so the
 * measurement pays neither for stale statistics nor for flushing the fill's dirty pages.
 */
async function fillHistory(dataSource: DataSource, rows: number): Promise<void> {
  await dataSource.transaction(async (manager) => {
    await manager.query('SET LOCAL synchronous_commit = off');
    await manager.query(
      `INSERT INTO ${SCHEMA}.outbox (id, topic, message_key, payload, headers, created_at, available_at, sent_at)
       SELECT id, $2, reservation_id::text,
              jsonb_build_object('reservationId', reservation_id, 'userId', gen_random_uuid(), 'concertId', gen_random_uuid(),
                                 'scheduleId', gen_random_uuid(), 'seatNo', 1 + g % 50, 'version', 1, 'price', 80000,
                                 'expiresAt', to_char((t + interval '5 minutes') AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')),
              jsonb_build_object('${EventHeaders.EventId}', id, '${EventHeaders.EventType}', $2::text,
                                 '${EventHeaders.OccurredAt}', to_char(t AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"'), '${EventHeaders.RequestId}', gen_random_uuid()),
              t, t, t + interval '20 milliseconds'
         FROM (SELECT g, gen_random_uuid() AS id, gen_random_uuid() AS reservation_id,
                      now() - interval '23 hours' + (g * interval '22 hours') / $1 AS t
                 FROM generate_series(1, $1) AS g) AS history
        ORDER BY t`,
      [rows, Topics.SeatHeld],
    );
  });
  await dataSource.query(`VACUUM ANALYZE ${SCHEMA}.outbox`);
  await dataSource.query('CHECKPOINT');
}
