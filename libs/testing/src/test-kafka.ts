import { randomBytes } from 'node:crypto';
import { ALL_TOPICS } from '@concert/contracts';
import { type IncomingMessage, KafkajsMessageBus } from '@concert/platform';
import { testInfra } from './infra';

/** A topic (and consumer group) prefix unique to one test file or test: `t<time><random>.` */
export function uniqueTopicPrefix(): string {
  return `t${Date.now().toString(36)}${randomBytes(3).toString('hex')}.`;
}

export interface TestKafka {
  readonly prefix: string;
  readonly brokers: string[];
  /** The bus the helpers use (prefix applied), for anything else a test needs. */
  readonly bus: KafkajsMessageBus;
  /** Creates the prefixed topics (default: every contract topic). */
  ensureTopics(topics?: readonly string[], partitions?: number): Promise<void>;
  /** Produces one raw message to the prefixed topic (the value as given: may be malformed on purpose). */
  produceRaw(message: { topic: string; key?: string; value: string; headers?: Record<string, string> }): Promise<void>;
  /**
   * Every message of the prefixed topic, read by a fresh group from the beginning until every
   * partition's high watermark (sampled at the call) is reached, then `idleMs` more for stragglers.
   */
  readAll(topic: string, options?: { idleMs?: number; timeoutMs?: number }): Promise<IncomingMessage[]>;
  /** Deletes the prefixed topics and consumer groups; disconnects. */
  cleanup(): Promise<void>;
}

/** Kafka helpers for one test file, all scoped to `prefix` (see {@link uniqueTopicPrefix}). */
export function createTestKafka(prefix: string, brokers: string[] = testInfra.kafkaBrokers): TestKafka {
  const bus = new KafkajsMessageBus({ brokers, clientId: `test-${prefix}`, topicPrefix: prefix }, quietLogger);
  return {
    prefix,
    brokers,
    bus,
    ensureTopics: (topics = ALL_TOPICS, partitions = 6) => bus.ensureTopics([...topics], partitions),
    async produceRaw({ topic, key = randomBytes(4).toString('hex'), value, headers = {} }) {
      await bus.publish([{ topic, key, value, headers }]);
    },
    async readAll(topic, { idleMs = 300, timeoutMs = 20_000 } = {}) {
      await bus.ensureTopics([topic]);
      const targets = await bus.highWatermarks(topic);
      const reached = new Map<number, bigint>();
      const messages: IncomingMessage[] = [];
      let last = Date.now();
      const subscription = await bus.subscribe({
        groupId: `reader-${randomBytes(4).toString('hex')}`,
        topics: [topic],
        fromBeginning: true,
        handle: async (message) => {
          messages.push(message);
          last = Date.now();
          reached.set(message.partition, BigInt(message.offset) + 1n);
        },
      });
      const done = () => [...targets].every(([partition, high]) => (reached.get(partition) ?? 0n) >= BigInt(high) || high === '0');
      const deadline = Date.now() + timeoutMs;
      try {
        while (Date.now() < deadline && !(done() && Date.now() - last >= idleMs)) {
          await new Promise((resolve) => setTimeout(resolve, 50));
        }
        if (!done()) throw new Error(`readAll(${topic}): high watermarks not reached within ${timeoutMs} ms`);
      } finally {
        await subscription.stop();
      }
      return messages.sort((a, b) => a.partition - b.partition || Number(BigInt(a.offset) - BigInt(b.offset)));
    },
    async cleanup() {
      try {
        const topics = await bus.listTopics();
        await bus.deleteTopics(topics).catch(() => undefined);
        await bus.deleteConsumerGroups().catch(() => undefined);
      } finally {
        await bus.disconnect();
      }
    },
  };
}

const quietLogger = {
  log: () => undefined,
  warn: () => undefined,
  error: (message: unknown) => process.stderr.write(`[test-kafka] ${String(message)}\n`),
};
