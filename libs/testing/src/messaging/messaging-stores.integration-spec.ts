import { randomUUID } from 'node:crypto';
import { type EventEnvelope, type PlatformProbe, Topics } from '@concert/contracts';
import {
  createRedis,
  DeadLetterTopic,
  defaultRelaySettings,
  encodeEvent,
  EventProcessor,
  type IncomingMessage,
  KafkaHealthProbe,
  KafkajsMessageBus,
  type MessagePublisher,
  messagingEntities,
  messagingMigrations,
  type OutgoingMessage,
  OutboxRelay,
  type OutboxRelaySettings,
  OutboxWriter,
  PostgresEventInbox,
  PostgresOutboxStore,
  RedisEventInbox,
  redisDeadLetterKey,
  redriveRedisLists,
  serviceDataSourceOptions,
} from '@concert/platform';
import type Redis from 'ioredis';
import { DataSource, type EntityManager } from 'typeorm';
import { testInfra } from '../infra';
import { createTestDatabase, migrateService, type TestDatabase } from '../test-database';
import { uniqueTopicPrefix } from '../test-kafka';

const SCHEMA = 'relay_store';
const silentLogger = { log: () => undefined, warn: () => undefined, error: () => undefined };

class RecordingPublisher implements MessagePublisher {
  published: OutgoingMessage[] = [];
  failing = false;

  async publish(messages: OutgoingMessage[]): Promise<void> {
    // A little latency, so concurrent relays really overlap.
    await new Promise((resolve) => setTimeout(resolve, 5));
    if (this.failing) throw new Error('broker down');
    this.published.push(...messages);
  }
}

describe('outbox store and relays on real Postgres', () => {
  let database: TestDatabase;
  const sources: DataSource[] = [];
  const writer = new OutboxWriter();
  const settings: OutboxRelaySettings = { ...defaultRelaySettings, batchSize: 25, maxAttempts: 2, retryMaxMs: 1_000, pollIntervalMs: 20, retentionHours: 24 };

  const newDataSource = async () => {
    const dataSource = new DataSource(serviceDataSourceOptions({ url: database.url, schema: SCHEMA, entities: messagingEntities, migrations: [], poolSize: 3 }));
    await dataSource.initialize();
    sources.push(dataSource);
    return dataSource;
  };
  const append = (dataSource: DataSource, count: number) =>
    dataSource.transaction(async (manager) => {
      const ids: string[] = [];
      for (let i = 0; i < count; i++) ids.push(await writer.append(manager, { topic: Topics.PlatformProbe, key: `k${i % 7}`, payload: { probeId: `p${i}`, note: '' } }));
      return ids;
    });

  beforeAll(async () => {
    database = await createTestDatabase('relay_store');
    await migrateService(database.url, { schema: SCHEMA, entities: messagingEntities, migrations: messagingMigrations });
  });

  afterEach(async () => {
    await sources[0]?.query(`TRUNCATE ${SCHEMA}.outbox`);
  });

  afterAll(async () => {
    await Promise.allSettled(sources.map((dataSource) => dataSource.destroy()));
    await database?.drop();
  });

  it('lets three relays on separate connections drain one outbox without publishing any event twice', async () => {
    const [a, b, c] = [await newDataSource(), await newDataSource(), await newDataSource()];
    const ids = (await Promise.all([append(a, 100), append(b, 100), append(c, 100)])).flat();
    const publishers = [new RecordingPublisher(), new RecordingPublisher(), new RecordingPublisher()];
    const relays = [a, b, c].map((dataSource, i) => new OutboxRelay(new PostgresOutboxStore(dataSource), publishers[i], settings, silentLogger));

    const drain = async (relay: OutboxRelay) => {
      while ((await relay.relayBatch()).claimed > 0);
    };
    await Promise.all(relays.map(drain));

    const published = publishers.flatMap((publisher) => publisher.published.map((message) => message.headers['event-id']));
    expect(published).toHaveLength(ids.length);
    expect(new Set(published)).toEqual(new Set(ids));
    expect(publishers.filter((publisher) => publisher.published.length > 0).length).toBeGreaterThan(1);
    const [row] = await a.query<Array<{ unsent: number }>>(`SELECT count(*) FILTER (WHERE sent_at IS NULL)::int AS unsent FROM ${SCHEMA}.outbox`);
    expect(row?.unsent).toBe(0);
  });

  it('publishes the events of one appendAll statement in the order given, with a NOTIFY at commit', async () => {
    const dataSource = sources[0] ?? (await newDataSource());
    const listener = dataSource.createQueryRunner();
    await listener.connect();
    const notified = new Promise<void>((resolve) => {
      const client = (listener as unknown as { databaseConnection: { once(event: 'notification', callback: () => void): void } }).databaseConnection;
      client.once('notification', () => resolve());
    });
    await listener.query(`LISTEN outbox_${SCHEMA}`);
    // 200 rows of one aggregate in one statement, relayed 60 at a time.
    const events = Array.from({ length: 200 }, (_, i) => ({ topic: Topics.PlatformProbe, key: 'one-aggregate', payload: { probeId: `p${i}`, note: '' } }));
    const ids = await dataSource.transaction((manager) => writer.appendAll(manager, events));
    await notified;
    await listener.release();

    const publisher = new RecordingPublisher();
    const relay = new OutboxRelay(new PostgresOutboxStore(dataSource), publisher, { ...settings, batchSize: 60 }, silentLogger);
    while ((await relay.relayBatch()).claimed > 0);
    expect(publisher.published.map((message) => message.headers['event-id'])).toEqual(ids);
  });

  it('records failures with backoff, parks after maxAttempts, and reports pending and parked counts', async () => {
    const dataSource = sources[0] ?? (await newDataSource());
    const [id] = await append(dataSource, 1);
    const publisher = new RecordingPublisher();
    publisher.failing = true;
    const store = new PostgresOutboxStore(dataSource);
    const sut = new OutboxRelay(store, publisher, settings, silentLogger);

    await expect(sut.relayBatch()).resolves.toMatchObject({ claimed: 1, failed: 1 });
    const [first] = await dataSource.query<Array<{ attempts: number; last_error: string; delay_ms: number; parked: boolean }>>(
      `SELECT attempts, last_error, (extract(epoch FROM available_at - now()) * 1000)::float8 AS delay_ms, parked_at IS NOT NULL AS parked FROM ${SCHEMA}.outbox WHERE id = $1`,
      [id],
    );
    expect(first).toMatchObject({ attempts: 1, last_error: 'broker down', parked: false });
    expect(first.delay_ms).toBeGreaterThan(100);
    await expect(sut.relayBatch()).resolves.toMatchObject({ claimed: 0 });
    await expect(store.countUnsent()).resolves.toEqual({ pending: 1, parked: 0 });

    await dataSource.query(`UPDATE ${SCHEMA}.outbox SET available_at = now()`);
    await expect(sut.relayBatch()).resolves.toMatchObject({ claimed: 1, parked: 1 });
    await expect(store.countUnsent()).resolves.toEqual({ pending: 0, parked: 1 });
  });

  it('deletes sent rows past retention in batches and keeps unsent ones', async () => {
    const dataSource = sources[0] ?? (await newDataSource());
    await append(dataSource, 30);
    await dataSource.query(`UPDATE ${SCHEMA}.outbox SET sent_at = now() - interval '2 hours' WHERE id IN (SELECT id FROM ${SCHEMA}.outbox ORDER BY created_at LIMIT 25)`);
    const store = new PostgresOutboxStore(dataSource);

    await expect(store.deleteSent(1, 10)).resolves.toBe(10);
    await expect(store.deleteSent(3, 10)).resolves.toBe(0);
    const sut = new OutboxRelay(store, new RecordingPublisher(), { ...settings, retentionHours: 1, cleanupBatchSize: 10 }, silentLogger);
    await sut.housekeeping();
    const [row] = await dataSource.query<Array<{ n: number }>>(`SELECT count(*)::int AS n FROM ${SCHEMA}.outbox`);
    expect(row?.n).toBe(5);
  });

  it('postgres inbox: a batch commits its effects with its inbox rows, skips known ids, and a failing batch leaves nothing', async () => {
    const dataSource = sources[0] ?? (await newDataSource());
    await dataSource.query(`CREATE TABLE IF NOT EXISTS ${SCHEMA}.applied (event_id uuid PRIMARY KEY)`);
    const inbox = new PostgresEventInbox(dataSource);
    const [a, b, c] = [randomUUID(), randomUUID(), randomUUID()];
    const apply = (fresh: ReadonlySet<string>, manager: EntityManager) =>
      Promise.all([...fresh].map((id) => manager.query(`INSERT INTO ${SCHEMA}.applied (event_id) VALUES ($1)`, [id]))).then(() => undefined);

    await inbox.runBatchOnce('batch-group', [a, b, a], apply);
    let fresh: string[] = [];
    await inbox.runBatchOnce('batch-group', [b, c], async (ids, manager) => {
      fresh = [...ids];
      await apply(ids, manager);
    });
    await expect(
      inbox.runBatchOnce('batch-group', [randomUUID()], async (ids, manager) => {
        await apply(ids, manager);
        throw new Error('handler failed');
      }),
    ).rejects.toThrow('handler failed');

    expect(fresh).toEqual([c]);
    const applied = await dataSource.query<Array<{ event_id: string }>>(`SELECT event_id FROM ${SCHEMA}.applied ORDER BY event_id`);
    const recorded = await dataSource.query<Array<{ event_id: string }>>(`SELECT event_id FROM ${SCHEMA}.inbox WHERE consumer_group = 'batch-group' ORDER BY event_id`);
    expect(applied.map((row) => row.event_id)).toEqual([a, b, c].sort());
    expect(recorded).toEqual(applied);
  });
});

describe('redis inbox on real Redis', () => {
  let redis: Redis;
  const prefix = `test:${uniqueTopicPrefix()}`;
  const handled: string[] = [];
  let failing = false;
  const handler = {
    topic: Topics.PlatformProbe,
    handle: async (event: EventEnvelope<PlatformProbe>) => {
      if (failing) throw new Error('redis handler failed');
      handled.push(event.eventId);
    },
  };
  const message = (eventId: string, offset: string): IncomingMessage => {
    const encoded = encodeEvent({ id: eventId, topic: Topics.PlatformProbe, key: 'k', payload: { probeId: 'p', note: '' }, headers: {}, occurredAt: new Date().toISOString() });
    return { topic: encoded.topic, partition: 0, offset, key: encoded.key, value: encoded.value, headers: encoded.headers };
  };

  beforeAll(() => {
    redis = createRedis({ REDIS_URL: testInfra.redisUrl, REDIS_KEY_PREFIX: prefix }, 'messaging-test');
  });

  afterAll(async () => {
    const keys = await redis.keys(`${prefix}*`);
    if (keys.length > 0) await redis.del(...keys.map((key) => key.slice(prefix.length)));
    await redis.quit();
  });

  it('handles an event once, marks it with a TTL and parks failures on dlq.<group>.v1, not in Redis', async () => {
    const parkedOn = new RecordingPublisher();
    const sut = new EventProcessor(new RedisEventInbox(redis, 7, new DeadLetterTopic(parkedOn)), { consumerGroup: 'queue-service', maxAttempts: 2, retryBaseMs: 1, retryMaxMs: 5 }, silentLogger);
    sut.add(handler);
    const eventId = randomUUID();

    await expect(sut.process(message(eventId, '1'))).resolves.toBe('handled');
    await expect(sut.process(message(eventId, '2'))).resolves.toBe('duplicate');
    expect(handled).toEqual([eventId]);
    const ttl = await redis.ttl(`inbox:queue-service:${eventId}`);
    expect(ttl).toBeGreaterThan(6 * 86_400);

    failing = true;
    const failedId = randomUUID();
    await expect(sut.process(message(failedId, '3'))).resolves.toBe('parked');
    await expect(sut.process({ ...message(randomUUID(), '4'), value: '[]' })).resolves.toBe('malformed');
    expect(parkedOn.published.map((letter) => [letter.topic, letter.headers['dlq-original-offset'], letter.headers['dlq-error'], letter.headers['dlq-attempts']])).toEqual([
      ['dlq.queue-service.v1', '3', 'redis handler failed', '2'],
      ['dlq.queue-service.v1', '4', expect.any(String), '0'],
    ]);
    await expect(redis.exists(`inbox:queue-service:${failedId}`)).resolves.toBe(0);
    await expect(redis.exists(redisDeadLetterKey('queue-service'))).resolves.toBe(0);
  });

  it('still re-drives the dlq:<group> lists parked in Redis before the upgrade (migration path)', async () => {
    const legacy = message(randomUUID(), '5');
    const letter = { consumerGroup: 'queue-service', ...legacy, error: 'old failure', attempts: 5, createdAt: new Date().toISOString() };
    await redis.rpush(redisDeadLetterKey('queue-service'), JSON.stringify(letter), JSON.stringify({ ...letter, offset: '6', value: '[]' }));

    const publisher = new RecordingPublisher();
    await expect(redriveRedisLists(redis, publisher)).resolves.toEqual([{ list: 'dlq:queue-service', redriven: 2 }]);
    expect(publisher.published.map((published) => published.value)).toEqual([legacy.value, '[]']);
    await expect(redis.llen(redisDeadLetterKey('queue-service'))).resolves.toBe(0);
  });
});

describe('KafkaHealthProbe', () => {
  it('is up against the test broker and down, within its timeout, against a port where no broker listens', async () => {
    const up = new KafkajsMessageBus({ brokers: testInfra.kafkaBrokers, clientId: 'health-test' }, silentLogger);
    const down = new KafkajsMessageBus({ brokers: ['127.0.0.1:1'], clientId: 'health-test' }, silentLogger);
    try {
      await expect(new KafkaHealthProbe(up).check()).resolves.toBeUndefined();
      const started = Date.now();
      await expect(new KafkaHealthProbe(down).check()).rejects.toThrow(/kafka/);
      expect(Date.now() - started).toBeLessThan(2_000);
    } finally {
      await Promise.allSettled([up.disconnect(), down.disconnect()]);
    }
  });
});
