import { Kafka, KafkaJSNumberOfRetriesExceeded, KafkaJSProtocolError, type Admin } from 'kafkajs';
import { isMetadataSettlingError, whileMetadataSettles } from './kafka-metadata-settling';
import { KafkajsMessageBus } from './kafkajs-message-bus';

function protocolError(type: string): KafkaJSProtocolError {
  return new KafkaJSProtocolError(Object.assign(new Error(`broker says ${type}`), { type, code: 3, retriable: true }));
}

interface TopicMetadata {
  name: string;
  partitions: Array<{ partitionId: number; leader: number }>;
}

/** The part of the kafkajs admin that ensureTopics uses; each metadata call plays the next answer of the script. */
class ScriptedAdmin {
  readonly created: unknown[] = [];
  metadataCalls = 0;

  constructor(private readonly script: Array<Error | TopicMetadata[]>) {}

  connect = async () => undefined;
  listTopics = async () => [];
  createTopics = async ({ topics }: { topics: unknown[] }) => {
    this.created.push(...topics);
    return true;
  };
  fetchTopicMetadata = async () => {
    const answer = this.script[Math.min(this.metadataCalls, this.script.length - 1)];
    this.metadataCalls += 1;
    if (answer instanceof Error) throw answer;
    return { topics: answer ?? [] };
  };
}

/** A clock that only moves when the code under test waits. */
function fakeTime() {
  let now = 0;
  const waits: number[] = [];
  return {
    waits,
    now: () => now,
    wait: async (ms: number) => {
      waits.push(ms);
      now += ms;
    },
  };
}

describe('isMetadataSettlingError', () => {
  it('recognises the answers of a broker whose metadata is catching up, also inside kafkajs wrappers', () => {
    expect(isMetadataSettlingError(protocolError('UNKNOWN_TOPIC_OR_PARTITION'))).toBe(true);
    expect(isMetadataSettlingError(protocolError('NOT_LEADER_FOR_PARTITION'))).toBe(true);
    expect(isMetadataSettlingError(new KafkaJSNumberOfRetriesExceeded(protocolError('LEADER_NOT_AVAILABLE'), { retryCount: 5, retryTime: 2_000 }))).toBe(true);
  });

  it('leaves every other error alone', () => {
    expect(isMetadataSettlingError(protocolError('TOPIC_AUTHORIZATION_FAILED'))).toBe(false);
    expect(isMetadataSettlingError(new Error('connection refused'))).toBe(false);
    expect(isMetadataSettlingError('UNKNOWN_TOPIC_OR_PARTITION')).toBe(false);
  });
});

describe('whileMetadataSettles', () => {
  it('retries with growing delays until the attempt succeeds', async () => {
    const time = fakeTime();
    const attempt = jest
      .fn<Promise<string>, []>()
      .mockRejectedValueOnce(protocolError('UNKNOWN_TOPIC_OR_PARTITION'))
      .mockRejectedValueOnce(protocolError('LEADER_NOT_AVAILABLE'))
      .mockResolvedValue('ready');

    await expect(whileMetadataSettles(attempt, { deadlineMs: 10_000, baseDelayMs: 100, ...time })).resolves.toBe('ready');
    expect(attempt).toHaveBeenCalledTimes(3);
    expect(time.waits).toEqual([100, 200]);
  });

  it('rethrows a settling error once the deadline has passed', async () => {
    const time = fakeTime();
    const error = protocolError('UNKNOWN_TOPIC_OR_PARTITION');
    const attempt = jest.fn<Promise<string>, []>().mockRejectedValue(error);

    await expect(whileMetadataSettles(attempt, { deadlineMs: 1_000, baseDelayMs: 100, maxDelayMs: 400, ...time })).rejects.toBe(error);
    expect(time.now()).toBe(1_000);
    expect(time.waits).toEqual([100, 200, 400, 300]);
  });

  it('rethrows any other error at once', async () => {
    const time = fakeTime();
    const error = new Error('SASL authentication failed');
    const attempt = jest.fn<Promise<string>, []>().mockRejectedValue(error);

    await expect(whileMetadataSettles(attempt, { deadlineMs: 10_000, ...time })).rejects.toBe(error);
    expect(attempt).toHaveBeenCalledTimes(1);
    expect(time.waits).toEqual([]);
  });
});

describe('KafkajsMessageBus.ensureTopics', () => {
  afterEach(() => jest.restoreAllMocks());

  it('waits while the broker does not know the new topic yet, then until every partition has a leader', async () => {
    const admin = new ScriptedAdmin([
      protocolError('UNKNOWN_TOPIC_OR_PARTITION'),
      [{ name: 't.orders.v1', partitions: [{ partitionId: 0, leader: 1 }, { partitionId: 1, leader: -1 }] }],
      [{ name: 't.orders.v1', partitions: [{ partitionId: 0, leader: 1 }, { partitionId: 1, leader: 1 }] }],
    ]);
    jest.spyOn(Kafka.prototype, 'admin').mockReturnValue(admin as unknown as Admin);
    const bus = new KafkajsMessageBus({ brokers: ['127.0.0.1:1'], clientId: 'test', topicPrefix: 't.' });

    await bus.ensureTopics(['orders.v1'], 2);

    expect(admin.created).toEqual([{ topic: 't.orders.v1', numPartitions: 2, replicationFactor: 1 }]);
    expect(admin.metadataCalls).toBe(3);
    // Known now: asking again costs no round trip.
    await bus.ensureTopics(['orders.v1'], 2);
    expect(admin.metadataCalls).toBe(3);
  });

  it('surfaces an error that is not about settling metadata', async () => {
    const admin = new ScriptedAdmin([protocolError('TOPIC_AUTHORIZATION_FAILED')]);
    jest.spyOn(Kafka.prototype, 'admin').mockReturnValue(admin as unknown as Admin);
    const bus = new KafkajsMessageBus({ brokers: ['127.0.0.1:1'], clientId: 'test' });

    await expect(bus.ensureTopics(['orders.v1'])).rejects.toThrow('TOPIC_AUTHORIZATION_FAILED');
  });
});
