import { randomUUID } from 'node:crypto';
import { type EventEnvelope, type PlatformProbe, Topics } from '@concert/contracts';
import {
  createRedis,
  type DeadLetter,
  type DeadLetterSink,
  deadLetterTopic,
  DeadLetterTopic,
  decodeDeadLetter,
  encodeEvent,
  EventProcessor,
  type OutgoingMessage,
  RedisEventInbox,
  redriveDeadLetterTopics,
  type Subscription,
} from '@concert/platform';
import Redis from 'ioredis';
import { testInfra } from '../infra';
import { spawnTsProcess } from '../spawn-ts-process';
import { createTestKafka, type TestKafka, uniqueTopicPrefix } from '../test-kafka';
import { unlinkByPrefix } from '../test-redis';
import { waitFor } from '../wait-for';

const silentLogger = { log: () => undefined, warn: () => undefined, error: () => undefined };
const GROUP = 'queue-service';
const DLT = deadLetterTopic(GROUP);
const MAX_ATTEMPTS = 3;

/** The real dead-letter topic, with a number of parks that fail first as if the broker had not acknowledged them. */
class DeadLetterTopicThatFailsFirst implements DeadLetterSink {
  failures = 0;

  constructor(private readonly topic: DeadLetterTopic) {}

  async park(letter: DeadLetter): Promise<void> {
    if (this.failures > 0) {
      this.failures--;
      throw new Error('Kafka publish timed out after 10000 ms');
    }
    await this.topic.park(letter);
  }
}

/**
 * queue-service's consumer as EventConsumerHost runs it (Redis inbox, one subscription, messages
 * of a partition handled one at a time, the offset committed after the batch), on a real broker
 * and a real Redis, with the bus that also publishes its dead letters.
 */
describe('queue-service dead letters on a Kafka topic (real broker and Redis)', () => {
  const prefix = uniqueTopicPrefix();
  const redisPrefix = `test:${prefix}`;
  let kafka: TestKafka;
  let redis: Redis;
  let raw: Redis;
  let subscription: Subscription;
  let sink: DeadLetterTopicThatFailsFirst;
  let fixed = false;
  const attempts = new Map<string, number>();
  const applied: string[] = [];
  const produced = new Map<string, OutgoingMessage>();

  const handler = {
    topic: Topics.PlatformProbe,
    handle: async (event: EventEnvelope<PlatformProbe>) => {
      attempts.set(event.eventId, (attempts.get(event.eventId) ?? 0) + 1);
      if (!fixed) throw new Error(`probe ${event.payload.probeId} cannot be handled yet`);
      applied.push(event.eventId);
    },
  };

  const produce = async (probeId: string): Promise<string> => {
    const id = randomUUID();
    const message = encodeEvent({ id, topic: Topics.PlatformProbe, key: `key-${probeId}`, payload: { probeId, note: '' }, headers: {}, occurredAt: new Date().toISOString() });
    produced.set(id, message);
    await kafka.produceRaw(message);
    return id;
  };
  /** Every message of the probe topic committed by queue-service's group. */
  const allCommitted = async (): Promise<boolean> =>
    (await kafka.bus.partitionOffsets(Topics.PlatformProbe, GROUP)).every((partition) => BigInt(partition.committed ?? partition.low) >= BigInt(partition.high));

  beforeAll(async () => {
    kafka = createTestKafka(prefix);
    await kafka.ensureTopics([Topics.PlatformProbe, DLT]);
    redis = createRedis({ REDIS_URL: testInfra.redisUrl, REDIS_KEY_PREFIX: redisPrefix }, 'dead-letter-topic-test');
    raw = new Redis(testInfra.redisUrl, { maxRetriesPerRequest: 2 });
    sink = new DeadLetterTopicThatFailsFirst(new DeadLetterTopic(kafka.bus));
    const processor = new EventProcessor(new RedisEventInbox(redis, 7, sink), { consumerGroup: GROUP, maxAttempts: MAX_ATTEMPTS, retryBaseMs: 1, retryMaxMs: 5 }, silentLogger);
    processor.add(handler);
    subscription = await kafka.bus.subscribe({
      groupId: GROUP,
      topics: processor.topics,
      fromBeginning: true,
      handle: async (message) => void (await processor.process(message)),
      handleBatch: async (messages) => void (await processor.processEach(messages)),
    });
  });

  afterAll(async () => {
    await subscription?.stop();
    await kafka?.cleanup();
    if (raw) await unlinkByPrefix(raw, redisPrefix);
    await Promise.allSettled([redis?.quit(), raw?.quit()]);
  });

  it('parks a message its handler keeps failing on dlq.queue-service.v1 with its reason and attempts, and commits it only once the broker took the letter', async () => {
    // The first letter is not acknowledged: the message must come back, not be committed.
    sink.failures = 1;
    const first = await produce('first');
    await waitFor(() => attempts.get(first) === 2 * MAX_ATTEMPTS, { timeoutMs: 30_000, description: 'the message whose letter failed comes back' });
    const others = [await produce('second'), await produce('third'), await produce('fourth')];

    await waitFor(allCommitted, { timeoutMs: 30_000, description: 'queue-service committed every message' });
    const letters = (await kafka.readAll(DLT)).map(decodeDeadLetter);

    expect(letters.map((letter) => letter.headers['event-id']).sort()).toEqual([first, ...others].sort());
    for (const letter of letters) {
      const eventId = letter.headers['event-id'] ?? '';
      const original = produced.get(eventId);
      expect(letter).toEqual({
        consumerGroup: GROUP,
        topic: Topics.PlatformProbe,
        partition: expect.any(Number),
        offset: expect.stringMatching(/^\d+$/),
        key: original?.key,
        value: original?.value,
        headers: original?.headers,
        error: expect.stringMatching(/^probe (first|second|third|fourth) cannot be handled yet$/),
        attempts: MAX_ATTEMPTS,
        createdAt: expect.any(String),
      });
    }
    expect(attempts.get(first)).toBe(2 * MAX_ATTEMPTS);
    expect(others.map((id) => attempts.get(id))).toEqual([MAX_ATTEMPTS, MAX_ATTEMPTS, MAX_ATTEMPTS]);
    expect(applied).toEqual([]);
    await expect(redis.exists(`dlq:${GROUP}`)).resolves.toBe(0);
  });

  it('loses no letter when Redis is flushed, re-drives each to its original topic once, and the fixed handler applies each exactly once', async () => {
    const parked = [...produced.keys()];
    await unlinkByPrefix(raw, redisPrefix);
    await expect(raw.scan('0', 'MATCH', `${redisPrefix}*`, 'COUNT', 10_000)).resolves.toEqual(['0', []]);
    fixed = true;

    // The operator's tool, as run in production (no service schema to look at here).
    const redrive = await spawnTsProcess(
      'scripts/dlq-redrive.ts',
      { KAFKA_TOPIC_PREFIX: prefix, REDIS_KEY_PREFIX: redisPrefix, DLQ_SCHEMAS: 'no_such_schema', LOG_LEVEL: 'warn' },
      { name: 'dlq-redrive' },
    );
    await expect(redrive.exited).resolves.toBe(0);
    expect(redrive.output()).toContain(`kafka ${DLT}: redriven 4 dead letter(s), skipped 0 without value, passed over 0 unreadable`);
    expect(redrive.output()).toContain('redis: no dead-letter lists');

    await waitFor(() => expect([...applied].sort()).toEqual([...parked].sort()), { timeoutMs: 30_000, description: 'the fixed handler applied the re-driven events' });
    // A second run finds nothing left: the redrive's group committed past every letter.
    await expect(redriveDeadLetterTopics(kafka.bus, kafka.bus)).resolves.toEqual([{ topic: DLT, consumerGroup: GROUP, redriven: 0, skipped: 0, unreadable: 0 }]);
    const onTopic = (await kafka.readAll(Topics.PlatformProbe)).map((message) => message.headers['event-id']);
    for (const eventId of parked) expect(onTopic.filter((id) => id === eventId)).toHaveLength(2);

    // A redrive that died between its publish and its commit publishes a letter again: the inbox skips it.
    for (const message of produced.values()) await kafka.produceRaw(message);
    await waitFor(allCommitted, { timeoutMs: 30_000, description: 'queue-service committed the copies' });
    expect([...applied].sort()).toEqual([...parked].sort());
  });
});
