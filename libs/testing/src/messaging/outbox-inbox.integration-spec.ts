import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { Topics } from '@concert/contracts';
import { messagingEntities, messagingMigrations, OutboxWriter, serviceDataSourceOptions } from '@concert/platform';
import {
  createTestDatabase,
  createTestKafka,
  migrateService,
  repoRoot,
  spawnTsProcess,
  type SpawnedProcess,
  type TestDatabase,
  type TestKafka,
  uniqueTopicPrefix,
  waitFor,
} from '../index';
import { Client } from 'pg';
import { DataSource } from 'typeorm';
import { ProbeTables1735689600001 } from './probe-app.fixture';

/** The broker version the infra scripts fetched (marker written by scripts/infra/kafka.sh). */
function brokerVersion(): string {
  try {
    return readFileSync(path.join(repoRoot, '.infra/kafka/libs/.fetched'), 'utf8').split(' ')[0] ?? 'unknown';
  } catch {
    const pom = readFileSync(path.join(repoRoot, 'tools/kafka/pom.xml'), 'utf8');
    return /<kafka\.version>([^<]+)</.exec(pom)?.[1] ?? 'unknown';
  }
}

const RELAY = 'libs/testing/src/messaging/probe-relay.fixture.ts';
const CONSUMER = 'libs/testing/src/messaging/probe-consumer.fixture.ts';
const PRODUCER_SCHEMA = 'probe_producer';
const CONSUMER_SCHEMA = 'probe_consumer';

describe(`outbox → Kafka ${brokerVersion()} (kafkajs 2.2.4) → inbox, across processes`, () => {
  let database: TestDatabase;
  let kafka: TestKafka;
  let producerDs: DataSource;
  let db: Client;
  let relay: SpawnedProcess;
  let consumer: SpawnedProcess;
  const writer = new OutboxWriter();
  const prefix = uniqueTopicPrefix();

  const env = () => ({
    DATABASE_URL: database.url,
    KAFKA_TOPIC_PREFIX: prefix,
    LOG_LEVEL: 'warn',
    OUTBOX_RETRY_MAX_DELAY_MS: '1000',
    CONSUMER_MAX_ATTEMPTS: '2',
    CONSUMER_RETRY_MAX_DELAY_MS: '100',
    KAFKA_SESSION_TIMEOUT_MS: '6000',
  });
  const startConsumer = (crashAfterEffect: boolean) =>
    spawnTsProcess(
      CONSUMER,
      { ...env(), PROBE_SCHEMA: CONSUMER_SCHEMA, PROBE_SERVICE: 'probe-consumer', CONSUMER_CRASH_AFTER_EFFECT: String(crashAfterEffect) },
      { name: 'probe-consumer', readyPattern: /probe-consumer ready/ },
    );

  async function commitProbe(probeId: string, note = 'ok', key: string = probeId): Promise<string> {
    return producerDs.transaction(async (manager) => {
      await manager.query('INSERT INTO probe_changes (id, probe_id) VALUES ($1, $2)', [randomUUID(), probeId]);
      return writer.append(manager, { topic: Topics.PlatformProbe, key, payload: { probeId, note }, requestId: `req-${probeId}` });
    });
  }

  const effectsOf = async (eventIds: string[]) =>
    (await db.query<{ event_id: string; n: number }>(`SELECT event_id, count(*)::int AS n FROM ${CONSUMER_SCHEMA}.probe_effects WHERE event_id = ANY($1::uuid[]) GROUP BY event_id`, [eventIds]))
      .rows;

  beforeAll(async () => {
    database = await createTestDatabase('messaging');
    kafka = createTestKafka(prefix);
    const migrations = [...messagingMigrations, ProbeTables1735689600001];
    await Promise.all([
      migrateService(database.url, { schema: PRODUCER_SCHEMA, entities: messagingEntities, migrations }),
      migrateService(database.url, { schema: CONSUMER_SCHEMA, entities: messagingEntities, migrations }),
      kafka.ensureTopics([Topics.PlatformProbe]),
    ]);
    producerDs = new DataSource(serviceDataSourceOptions({ url: database.url, schema: PRODUCER_SCHEMA, entities: messagingEntities, migrations: [], poolSize: 4 }));
    db = new Client({ connectionString: database.url });
    await Promise.all([producerDs.initialize(), db.connect()]);
    [relay, consumer] = await Promise.all([
      spawnTsProcess(RELAY, { ...env(), PROBE_SCHEMA: PRODUCER_SCHEMA, PROBE_SERVICE: 'probe-relay' }, { name: 'probe-relay', readyPattern: /probe-relay ready/ }),
      startConsumer(true),
    ]);
  });

  afterAll(async () => {
    await Promise.allSettled([relay?.stop(), consumer?.stop()]);
    await Promise.allSettled([producerDs?.destroy(), db?.end(), kafka?.cleanup()]);
    await database?.drop();
  });

  it('delivers each committed event exactly once (effect + inbox row), with envelope, headers and key; a rolled-back event never leaves', async () => {
    const probeIds = Array.from({ length: 20 }, (_, i) => `p${i}`);
    const eventIds = await Promise.all(probeIds.map((probeId) => commitProbe(probeId)));
    await expect(
      producerDs.transaction(async (manager) => {
        await writer.append(manager, { topic: Topics.PlatformProbe, key: 'rolled-back', payload: { probeId: 'rolled-back', note: 'never' } });
        throw new Error('business rule failed');
      }),
    ).rejects.toThrow('business rule failed');

    await waitFor(async () => expect(await effectsOf(eventIds)).toHaveLength(eventIds.length), { timeoutMs: 20_000 });
    expect((await effectsOf(eventIds)).every((row) => row.n === 1)).toBe(true);
    const inbox = await db.query(`SELECT event_id FROM ${CONSUMER_SCHEMA}.inbox WHERE consumer_group = 'probe-consumer' AND event_id = ANY($1::uuid[])`, [eventIds]);
    expect(inbox.rowCount).toBe(eventIds.length);
    await waitFor(async () => {
      const unsent = await db.query(`SELECT 1 FROM ${PRODUCER_SCHEMA}.outbox WHERE sent_at IS NULL`);
      expect(unsent.rowCount).toBe(0);
    });
    const rolledBack = await db.query(`SELECT 1 FROM ${CONSUMER_SCHEMA}.probe_effects WHERE probe_id = 'rolled-back'`);
    expect(rolledBack.rowCount).toBe(0);

    const messages = (await kafka.readAll(Topics.PlatformProbe)).filter((message) => eventIds.includes(message.headers['event-id'] ?? ''));
    expect(messages).toHaveLength(eventIds.length);
    const first = messages.find((message) => message.key === 'p0');
    expect(first).toBeDefined();
    expect(JSON.parse(first!.value!)).toEqual({ eventId: eventIds[0], eventType: Topics.PlatformProbe, occurredAt: expect.any(String), payload: { probeId: 'p0', note: 'ok' } });
    expect(first!.headers).toEqual({ 'event-id': eventIds[0], 'event-type': Topics.PlatformProbe, 'request-id': 'req-p0', 'occurred-at': expect.any(String) });
  });

  it('absorbs the redelivery when the consumer dies after its effect committed but before its offset did', async () => {
    const crashId = await commitProbe('crash-1', 'crash');
    await expect(consumer.exited).resolves.toBe('SIGKILL');
    expect(consumer.output()).toContain(`crashing after effect of ${crashId}`);
    expect(await effectsOf([crashId])).toEqual([{ event_id: crashId, n: 1 }]);

    consumer = await startConsumer(false);
    const afterId = await commitProbe('after-crash');
    // The restarted member resumes from the last committed offset, so the crash event comes again…
    await consumer.waitForOutput(new RegExp(`delivered ${crashId}`), 25_000);
    await waitFor(async () => expect(await effectsOf([afterId])).toHaveLength(1), { timeoutMs: 20_000 });
    // …and the inbox skips it: still exactly one effect.
    expect(await effectsOf([crashId])).toEqual([{ event_id: crashId, n: 1 }]);
  });

  it('parks a malformed message and a message whose handler keeps failing, keeps consuming, and re-drives them', async () => {
    await kafka.produceRaw({ topic: Topics.PlatformProbe, key: 'same-key', value: 'not json {' });
    await db.query(`INSERT INTO ${CONSUMER_SCHEMA}.probe_blocked (probe_id) VALUES ('blocked-1')`);
    const blockedId = await commitProbe('blocked-1', 'ok', 'same-key');
    const nextId = await commitProbe('next-1', 'ok', 'same-key');

    // Same key → same partition: the message after the parked ones is handled.
    await waitFor(async () => expect(await effectsOf([nextId])).toHaveLength(1), { timeoutMs: 20_000 });
    const parked = await db.query<{ error: string; attempts: number; value: string; message_key: string; topic: string }>(
      `SELECT error, attempts, value, message_key, topic FROM ${CONSUMER_SCHEMA}.dead_letters WHERE redriven_at IS NULL ORDER BY id`,
    );
    expect(parked.rows).toEqual([
      expect.objectContaining({ topic: Topics.PlatformProbe, message_key: 'same-key', value: 'not json {', attempts: 0, error: 'value is not JSON' }),
      expect.objectContaining({ topic: Topics.PlatformProbe, message_key: 'same-key', attempts: 2, error: 'probe blocked-1 is blocked' }),
    ]);
    expect(await effectsOf([blockedId])).toHaveLength(0);

    await db.query(`DELETE FROM ${CONSUMER_SCHEMA}.probe_blocked`);
    const redrive = await spawnTsProcess('scripts/dlq-redrive.ts', { ...env(), DLQ_SCHEMAS: CONSUMER_SCHEMA, REDIS_KEY_PREFIX: prefix }, { name: 'dlq-redrive' });
    await expect(redrive.exited).resolves.toBe(0);
    expect(redrive.output()).toContain(`${CONSUMER_SCHEMA}: redriven 2 dead letter(s)`);

    await waitFor(async () => expect(await effectsOf([blockedId])).toEqual([{ event_id: blockedId, n: 1 }]), { timeoutMs: 20_000 });
    // The two originals are marked; the malformed one, redriven, is parked again (it can never be handled).
    await waitFor(async () => {
      const rows = (await db.query<{ redriven: boolean; value: string }>(`SELECT redriven_at IS NOT NULL AS redriven, value FROM ${CONSUMER_SCHEMA}.dead_letters ORDER BY id`)).rows;
      expect(rows).toEqual([
        { redriven: true, value: 'not json {' },
        { redriven: true, value: expect.any(String) },
        { redriven: false, value: 'not json {' },
      ]);
    });
  });
});
