import { randomUUID } from 'node:crypto';
import { Topics } from '@concert/contracts';
import { messagingEntities, messagingMigrations, OutboxWriter, serviceDataSourceOptions } from '@concert/platform';
import {
  createTestDatabase,
  createThrowawayKafka,
  migrateService,
  spawnTsProcess,
  type SpawnedProcess,
  type TestDatabase,
  type ThrowawayKafka,
  uniqueTopicPrefix,
  waitFor,
} from '../index';
import { Client } from 'pg';
import { DataSource } from 'typeorm';
import { ProbeTables1735689600001 } from './probe-app.fixture';

const RELAY = 'libs/testing/src/messaging/probe-relay.fixture.ts';
const CONSUMER = 'libs/testing/src/messaging/probe-consumer.fixture.ts';
const PRODUCER_SCHEMA = 'probe_producer';
const CONSUMER_SCHEMA = 'probe_consumer';

/**
 * Invariant 4 — no event is lost when Kafka is down at the moment of the change. A throwaway
 * broker (never the shared one on 9092) is down while events commit, and started afterwards.
 */
describe('outbox while the broker is down (throwaway broker)', () => {
  let database: TestDatabase;
  let producerDs: DataSource;
  let db: Client;
  let relay: SpawnedProcess | undefined;
  let consumer: SpawnedProcess | undefined;
  let broker: ThrowawayKafka;
  const writer = new OutboxWriter();
  const prefix = uniqueTopicPrefix();

  beforeAll(async () => {
    broker = await createThrowawayKafka();
    database = await createTestDatabase('messaging_outage');
    const migrations = [...messagingMigrations, ProbeTables1735689600001];
    await Promise.all([
      migrateService(database.url, { schema: PRODUCER_SCHEMA, entities: messagingEntities, migrations }),
      migrateService(database.url, { schema: CONSUMER_SCHEMA, entities: messagingEntities, migrations }),
    ]);
    producerDs = new DataSource(serviceDataSourceOptions({ url: database.url, schema: PRODUCER_SCHEMA, entities: messagingEntities, migrations: [], poolSize: 4 }));
    db = new Client({ connectionString: database.url });
    await Promise.all([producerDs.initialize(), db.connect()]);
  });

  afterAll(async () => {
    await Promise.allSettled([relay?.stop(), consumer?.stop()]);
    await Promise.allSettled([broker?.destroy(), producerDs?.destroy(), db?.end()]);
    await database?.drop();
  });

  it('keeps the events committed while Kafka is down and delivers each exactly once after it starts', async () => {
    const env = {
      DATABASE_URL: database.url,
      KAFKA_BROKERS: broker.brokers,
      KAFKA_TOPIC_PREFIX: prefix,
      LOG_LEVEL: 'warn',
      OUTBOX_RETRY_MAX_DELAY_MS: '1000',
      KAFKA_SESSION_TIMEOUT_MS: '6000',
    };
    // Both processes start while the broker is down: neither may fail.
    [relay, consumer] = await Promise.all([
      spawnTsProcess(RELAY, { ...env, PROBE_SCHEMA: PRODUCER_SCHEMA, PROBE_SERVICE: 'probe-relay' }, { name: 'probe-relay', readyPattern: /probe-relay ready/ }),
      spawnTsProcess(CONSUMER, { ...env, PROBE_SCHEMA: CONSUMER_SCHEMA, PROBE_SERVICE: 'probe-consumer' }, { name: 'probe-consumer', readyPattern: /probe-consumer ready/ }),
    ]);

    const eventIds: string[] = [];
    for (let i = 0; i < 10; i++) {
      eventIds.push(
        await producerDs.transaction(async (manager) => {
          await manager.query('INSERT INTO probe_changes (id, probe_id) VALUES ($1, $2)', [randomUUID(), `outage-${i}`]);
          return writer.append(manager, { topic: Topics.PlatformProbe, key: `agg-${i % 3}`, payload: { probeId: `outage-${i}`, note: 'ok' } });
        }),
      );
    }
    // The relay tried and failed: the events wait in the outbox, counted and backed off.
    await waitFor(async () => {
      const { rows } = await db.query<{ pending: number; failed: number }>(
        `SELECT count(*)::int AS pending, count(*) FILTER (WHERE attempts > 0 AND last_error IS NOT NULL)::int AS failed
           FROM ${PRODUCER_SCHEMA}.outbox WHERE sent_at IS NULL AND parked_at IS NULL`,
      );
      expect(rows[0]).toEqual({ pending: 10, failed: 10 });
    }, { timeoutMs: 15_000 });

    await broker.start();

    await waitFor(
      async () => {
        const { rows } = await db.query<{ event_id: string; n: number }>(
          `SELECT event_id, count(*)::int AS n FROM ${CONSUMER_SCHEMA}.probe_effects GROUP BY event_id`,
        );
        expect(rows.map((row) => row.event_id).sort()).toEqual([...eventIds].sort());
        expect(rows.every((row) => row.n === 1)).toBe(true);
      },
      { timeoutMs: 30_000, intervalMs: 200 },
    );
    const sent = await db.query(`SELECT 1 FROM ${PRODUCER_SCHEMA}.outbox WHERE sent_at IS NOT NULL`);
    expect(sent.rowCount).toBe(10);
    const inbox = await db.query(`SELECT 1 FROM ${CONSUMER_SCHEMA}.inbox`);
    expect(inbox.rowCount).toBe(10);
  });
});
