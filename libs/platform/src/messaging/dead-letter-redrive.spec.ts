import { Topics } from '@concert/contracts';
import type { DeadLetter } from './consumer/event-inbox';
import { type DeadLetterTopicSource, redriveDeadLetterTopic, redriveDeadLetterTopics } from './dead-letter-redrive';
import { encodeDeadLetter } from './dead-letters/dead-letter-topic';
import type { PartitionOffsets } from './kafkajs-message-bus';
import type { IncomingMessage, MessagePublisher, OutgoingMessage, Subscription, SubscriptionOptions } from './message-bus.port';

/**
 * A broker in memory that acts as the bus does for one-message-at-a-time subscriptions: a group
 * reads each partition from its committed offset (or the first kept one), the offset is committed
 * once `handle` resolved, and a message whose handler rejected comes back.
 */
class InMemoryBroker implements DeadLetterTopicSource {
  private readonly logs = new Map<string, Array<{ low: number; messages: IncomingMessage[] }>>();
  private readonly commits = new Map<string, number>();
  subscriptions = 0;

  createTopic(topic: string, partitions: number): void {
    this.logs.set(
      topic,
      Array.from({ length: partitions }, () => ({ low: 0, messages: [] })),
    );
  }

  append(partition: number, message: OutgoingMessage): void {
    const log = this.partition(message.topic, partition);
    log.messages.push({ topic: message.topic, partition, offset: String(log.messages.length), key: message.key, value: message.value, headers: message.headers });
  }

  /** Retention removed the messages before `offset`. */
  truncate(topic: string, partition: number, offset: number): void {
    this.partition(topic, partition).low = offset;
  }

  commit(groupId: string, topic: string, partition: number, offset: number): void {
    this.commits.set(`${groupId}|${topic}|${partition}`, offset);
  }

  committed(groupId: string, topic: string, partition: number): number | undefined {
    return this.commits.get(`${groupId}|${topic}|${partition}`);
  }

  async listTopics(): Promise<string[]> {
    return [...this.logs.keys()];
  }

  async partitionOffsets(topic: string, groupId: string): Promise<PartitionOffsets[]> {
    return (this.logs.get(topic) ?? []).map((log, partition) => {
      const committed = this.committed(groupId, topic, partition);
      return { partition, low: String(log.low), high: String(log.messages.length), committed: committed === undefined ? null : String(committed) };
    });
  }

  async subscribe(options: SubscriptionOptions): Promise<Subscription> {
    this.subscriptions++;
    let running = true;
    const loop = (async () => {
      while (running) {
        for (const topic of options.topics) {
          for (const [partition, log] of (this.logs.get(topic) ?? []).entries()) {
            const next = Math.max(this.committed(options.groupId, topic, partition) ?? log.low, log.low);
            const message = log.messages[next];
            if (!running || !message) continue;
            try {
              await options.handle(message);
              this.commit(options.groupId, topic, partition, next + 1);
            } catch {
              // Not committed: it comes back.
            }
          }
        }
        await new Promise((resolve) => setImmediate(resolve));
      }
    })();
    return {
      stop: async () => {
        running = false;
        await loop;
      },
    };
  }

  private partition(topic: string, partition: number) {
    const log = this.logs.get(topic)?.[partition];
    if (!log) throw new Error(`no partition ${topic}[${partition}]`);
    return log;
  }
}

class RecordingPublisher implements MessagePublisher {
  readonly published: OutgoingMessage[] = [];
  failing?: (message: OutgoingMessage) => boolean;
  onPublish?: (message: OutgoingMessage) => void;

  async publish(messages: OutgoingMessage[]): Promise<void> {
    for (const message of messages) {
      if (this.failing?.(message)) throw new Error(`broker refused ${message.headers['event-id']}`);
      this.published.push(message);
      this.onPublish?.(message);
    }
  }
}

const DLT = 'dlq.queue-service.v1';
const createdAt = new Date('2030-01-01T00:00:00.000Z');
const letterOf = (eventId: string, overrides: Partial<DeadLetter> = {}): DeadLetter => ({
  consumerGroup: 'queue-service',
  topic: Topics.ReservationConfirmed,
  partition: 0,
  offset: '1',
  key: `key-${eventId}`,
  value: `{"eventId":"${eventId}"}`,
  headers: { 'event-id': eventId },
  error: 'failed',
  attempts: 5,
  ...overrides,
});
const original = (eventId: string): OutgoingMessage => ({ topic: Topics.ReservationConfirmed, key: `key-${eventId}`, value: `{"eventId":"${eventId}"}`, headers: { 'event-id': eventId } });
/** A poll that takes no time: the fake broker moves between polls. */
const fastPolls = { pollIntervalMs: 1, sleep: () => new Promise<void>((resolve) => setImmediate(resolve)) };

describe('redriveDeadLetterTopics', () => {
  let broker: InMemoryBroker;
  let publisher: RecordingPublisher;

  beforeEach(() => {
    broker = new InMemoryBroker();
    publisher = new RecordingPublisher();
    broker.createTopic(DLT, 2);
  });

  it('re-publishes every letter of every dead-letter topic to its original topic, in order per partition, and no letter on a second run', async () => {
    broker.createTopic('dlq.other-group.v1', 1);
    broker.createTopic(Topics.ReservationConfirmed, 1);
    broker.append(0, encodeDeadLetter(letterOf('a'), createdAt));
    broker.append(0, encodeDeadLetter(letterOf('b'), createdAt));
    broker.append(1, encodeDeadLetter(letterOf('c'), createdAt));
    broker.append(0, encodeDeadLetter(letterOf('d', { consumerGroup: 'other-group' }), createdAt));
    broker.append(0, original('not-a-letter'));

    await expect(redriveDeadLetterTopics(broker, publisher, fastPolls)).resolves.toEqual([
      { topic: 'dlq.other-group.v1', consumerGroup: 'other-group', redriven: 1, skipped: 0, unreadable: 0 },
      { topic: DLT, consumerGroup: 'queue-service', redriven: 3, skipped: 0, unreadable: 0 },
    ]);
    expect(publisher.published).toHaveLength(4);
    expect(publisher.published).toEqual(expect.arrayContaining(['a', 'b', 'c', 'd'].map(original)));
    const ofPartition0 = publisher.published.filter((message) => ['a', 'b'].includes(message.headers['event-id'] ?? ''));
    expect(ofPartition0).toEqual([original('a'), original('b')]);
    expect([broker.committed('dlq-redrive', DLT, 0), broker.committed('dlq-redrive', DLT, 1)]).toEqual([2, 1]);
    expect(broker.committed('dlq-redrive', Topics.ReservationConfirmed, 0)).toBeUndefined();

    const subscriptions = broker.subscriptions;
    await expect(redriveDeadLetterTopics(broker, publisher, fastPolls)).resolves.toEqual([
      { topic: 'dlq.other-group.v1', consumerGroup: 'other-group', redriven: 0, skipped: 0, unreadable: 0 },
      { topic: DLT, consumerGroup: 'queue-service', redriven: 0, skipped: 0, unreadable: 0 },
    ]);
    expect(publisher.published).toHaveLength(4);
    expect(broker.subscriptions).toBe(subscriptions);
  });

  it('starts where its group committed and where retention left off, and does not wait for letters that are gone', async () => {
    broker.append(0, encodeDeadLetter(letterOf('a'), createdAt));
    broker.append(0, encodeDeadLetter(letterOf('b'), createdAt));
    broker.append(1, encodeDeadLetter(letterOf('expired'), createdAt));
    broker.commit('dlq-redrive', DLT, 0, 1);
    broker.truncate(DLT, 1, 1);

    await expect(redriveDeadLetterTopic(broker, publisher, DLT, fastPolls)).resolves.toMatchObject({ redriven: 1 });
    expect(publisher.published).toEqual([original('b')]);
  });

  it('uses the group it is given', async () => {
    broker.append(0, encodeDeadLetter(letterOf('a'), createdAt));
    broker.commit('dlq-redrive', DLT, 0, 1);

    await expect(redriveDeadLetterTopic(broker, publisher, DLT, { ...fastPolls, groupId: 'dlq-redrive-2' })).resolves.toMatchObject({ redriven: 1 });
    expect(broker.committed('dlq-redrive-2', DLT, 0)).toBe(1);
  });

  it('passes over what it cannot re-drive, skips letters without a value, and commits past both', async () => {
    const warnings: string[] = [];
    broker.append(0, { ...original('raw'), topic: DLT });
    // Written to this group's topic by someone else: a letter of another group, one for a topic outside the contracts.
    broker.append(0, { ...encodeDeadLetter(letterOf('other', { consumerGroup: 'payment-service' }), createdAt), topic: DLT });
    const forged = encodeDeadLetter(letterOf('forged'), createdAt);
    broker.append(0, { ...forged, headers: { ...forged.headers, 'dlq-original-topic': 'payment.completed.v9' } });
    broker.append(1, encodeDeadLetter(letterOf('tombstone', { value: null }), createdAt));
    broker.append(1, encodeDeadLetter(letterOf('good'), createdAt));

    await expect(redriveDeadLetterTopic(broker, publisher, DLT, { ...fastPolls, logger: { warn: (message: string) => void warnings.push(message) } })).resolves.toEqual({
      topic: DLT,
      consumerGroup: 'queue-service',
      redriven: 1,
      skipped: 1,
      unreadable: 3,
    });
    expect(publisher.published).toEqual([original('good')]);
    expect(warnings).toEqual([
      expect.stringMatching(/dlq\.queue-service\.v1\[0\]@0 .*header dlq-consumer-group missing/),
      expect.stringMatching(/@1 .*letter of group payment-service/),
      expect.stringMatching(/@2 .*payment\.completed\.v9 is not a contract topic/),
    ]);
    expect([broker.committed('dlq-redrive', DLT, 0), broker.committed('dlq-redrive', DLT, 1)]).toEqual([3, 2]);
  });

  it('gives up when its commits stop moving, keeping committed what it re-published; the next run goes on from there', async () => {
    broker.append(0, encodeDeadLetter(letterOf('a'), createdAt));
    broker.append(0, encodeDeadLetter(letterOf('b'), createdAt));
    broker.append(0, encodeDeadLetter(letterOf('c'), createdAt));
    publisher.failing = (message) => message.headers['event-id'] === 'b';
    let clock = 0;
    const stalling = {
      pollIntervalMs: 100,
      stallTimeoutMs: 1_000,
      now: () => clock,
      sleep: async (ms: number) => {
        clock += ms;
        await new Promise((resolve) => setImmediate(resolve));
      },
    };

    await expect(redriveDeadLetterTopic(broker, publisher, DLT, stalling)).rejects.toThrow(/made no progress for 1000 ms with 2 letter\(s\) to go .*run again/);
    expect(publisher.published).toEqual([original('a')]);
    expect(broker.committed('dlq-redrive', DLT, 0)).toBe(1);

    publisher.failing = undefined;
    await expect(redriveDeadLetterTopic(broker, publisher, DLT, fastPolls)).resolves.toMatchObject({ redriven: 2 });
    expect(publisher.published).toEqual([original('a'), original('b'), original('c')]);
  });

  it('ends with the letters it started with even when each re-published letter is parked again at once', async () => {
    broker.append(0, encodeDeadLetter(letterOf('a'), createdAt));
    broker.append(0, encodeDeadLetter(letterOf('b'), createdAt));
    // A handler that still fails: every letter the redrive puts back comes back as a new letter.
    publisher.onPublish = (message) => broker.append(0, encodeDeadLetter(letterOf(message.headers['event-id'] ?? '?'), createdAt));

    const result = await redriveDeadLetterTopic(broker, publisher, DLT, fastPolls);

    expect(result.redriven).toBeGreaterThanOrEqual(2);
    expect(publisher.published.slice(0, 2)).toEqual([original('a'), original('b')]);
    // Every letter re-published was committed; the rest wait for the next run.
    expect(broker.committed('dlq-redrive', DLT, 0)).toBe(result.redriven);
  });

  it('refuses a topic that is not a dead-letter topic', async () => {
    await expect(redriveDeadLetterTopic(broker, publisher, Topics.ReservationConfirmed, fastPolls)).rejects.toThrow(/not a dead-letter topic/);
  });
});
