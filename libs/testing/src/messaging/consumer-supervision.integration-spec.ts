import { KafkajsMessageBus, type IncomingMessage, type Subscription } from '@concert/platform';
import { createTestKafka, type TestKafka, testInfra, uniqueTopicPrefix, waitFor } from '../index';

const TOPIC = 'probe.supervision.v1';

/**
 * A consumer that kafkajs stops for good — here after a TypeError out of the handler, an error it
 * never restarts a consumer for — is replaced, and the message it failed on is delivered again
 * (its offset was never committed).
 */
describe('consumer supervision (real Kafka)', () => {
  const prefix = uniqueTopicPrefix();
  let kafka: TestKafka;
  let bus: KafkajsMessageBus;
  let subscription: Subscription | undefined;
  const errors: string[] = [];

  beforeAll(async () => {
    kafka = createTestKafka(prefix);
    await kafka.ensureTopics([TOPIC], 1);
    bus = new KafkajsMessageBus(
      { brokers: testInfra.kafkaBrokers, clientId: 'supervision-test', topicPrefix: prefix },
      { log: () => undefined, warn: () => undefined, error: (line: string) => errors.push(line) },
    );
  });

  afterAll(async () => {
    await subscription?.stop();
    await bus?.disconnect();
    await kafka?.cleanup();
  });

  it('builds a new consumer after the client gave up on one and delivers the message again', async () => {
    const deliveries: IncomingMessage[] = [];
    subscription = await bus.subscribe({
      groupId: 'supervised',
      topics: [TOPIC],
      handle: async (message) => {
        deliveries.push(message);
        if (deliveries.length === 1) throw new TypeError('a handler bug on the first delivery');
      },
    });
    await kafka.produceRaw({ topic: TOPIC, key: 'k', value: 'only message' });

    await waitFor(async () => deliveries.length >= 2, { timeoutMs: 30_000, description: 'the message delivered again by a new consumer' });
    expect(deliveries.map((message) => [message.value, message.offset])).toEqual([
      ['only message', '0'],
      ['only message', '0'],
    ]);
    expect(errors.some((line) => line.includes('consumer group supervised stopped after KafkaJSNonRetriableError'))).toBe(true);
  });
});
