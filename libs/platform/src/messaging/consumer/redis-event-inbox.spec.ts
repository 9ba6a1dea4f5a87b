import { randomUUID } from 'node:crypto';
import { Topics } from '@concert/contracts';
import type Redis from 'ioredis';
import type { DeadLetterSink } from '../dead-letters/dead-letter-topic';
import { encodeEvent } from '../event-codec';
import type { IncomingMessage } from '../message-bus.port';
import type { DeadLetter } from './event-inbox';
import { EventProcessor } from './event-processor';
import { RedisEventInbox } from './redis-event-inbox';

const silentLogger = { log: () => undefined, warn: () => undefined, error: () => undefined };

/** A Redis client where only the stubbed commands exist: any other call fails the test. */
function strictRedis(stubs: Partial<Record<keyof Redis, unknown>>): Redis {
  return new Proxy(stubs, {
    get(target, name: string) {
      if (name in target) return target[name as keyof Redis];
      if (name === 'then') return undefined;
      throw new Error(`unexpected Redis call: ${name}`);
    },
  }) as unknown as Redis;
}

class RecordingSink implements DeadLetterSink {
  readonly parked: DeadLetter[] = [];
  failure?: Error;

  async park(letter: DeadLetter): Promise<void> {
    if (this.failure) throw this.failure;
    this.parked.push(letter);
  }
}

const letter: DeadLetter = {
  consumerGroup: 'queue-service',
  topic: Topics.ReservationConfirmed,
  partition: 0,
  offset: '9',
  key: 'k',
  value: '{}',
  headers: {},
  error: 'boom',
  attempts: 5,
};

describe('RedisEventInbox', () => {
  it('parks dead letters with its sink and writes none of them to Redis', async () => {
    const sink = new RecordingSink();
    const sut = new RedisEventInbox(strictRedis({}), 7, sink);

    await sut.park(letter);

    expect(sink.parked).toEqual([letter]);
  });

  it('rejects a park the sink could not make durable', async () => {
    const sink = new RecordingSink();
    sink.failure = new Error('Kafka publish timed out after 10000 ms');
    const sut = new RedisEventInbox(strictRedis({}), 7, sink);

    await expect(sut.park(letter)).rejects.toThrow('Kafka publish timed out');
  });

  it('makes the processor reject (the offset stays uncommitted) when parking fails, and park once it works', async () => {
    const sink = new RecordingSink();
    sink.failure = new Error('Kafka publish timed out after 10000 ms');
    const marks: string[] = [];
    const redis = strictRedis({
      exists: async () => 0,
      set: async (key: string) => void marks.push(key),
    });
    const sut = new EventProcessor(new RedisEventInbox(redis, 7, sink), { consumerGroup: 'queue-service', maxAttempts: 2, retryMaxMs: 1, sleep: async () => undefined }, silentLogger);
    sut.add({
      topic: Topics.PlatformProbe,
      handle: async () => {
        throw new Error('handler keeps failing');
      },
    });
    const encoded = encodeEvent({ id: randomUUID(), topic: Topics.PlatformProbe, key: 'k', payload: { probeId: 'p', note: '' }, headers: {}, occurredAt: '2030-01-01T00:00:00.000Z' });
    const message: IncomingMessage = { topic: encoded.topic, partition: 1, offset: '41', key: encoded.key, value: encoded.value, headers: encoded.headers };

    await expect(sut.process(message)).rejects.toThrow('Kafka publish timed out');
    expect(sink.parked).toEqual([]);

    sink.failure = undefined;
    await expect(sut.process(message)).resolves.toBe('parked');
    expect(sink.parked).toEqual([expect.objectContaining({ consumerGroup: 'queue-service', topic: Topics.PlatformProbe, offset: '41', error: 'handler keeps failing', attempts: 2 })]);
    expect(marks).toEqual([]);
  });
});
