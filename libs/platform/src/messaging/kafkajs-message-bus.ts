import { Logger, type LoggerService } from '@nestjs/common';
import {
  type Admin,
  type Consumer,
  type IHeaders,
  Kafka,
  type KafkaMessage,
  type LogEntry,
  logLevel,
  type Message,
  Partitioners,
  type Producer,
  type TopicMessages,
} from 'kafkajs';
import { withTimeout } from '../health/health-probe';
import { LeaderNotAvailableYet, whileMetadataSettles } from './kafka-metadata-settling';
import { consumerRebuildsTotal } from './messaging.metrics';
import { fixKafkajsRequestQueue } from './kafkajs-request-queue.fix';
import type {
  IncomingMessage,
  MessagePublisher,
  MessageSubscriber,
  OutgoingMessage,
  Subscription,
  SubscriptionOptions,
} from './message-bus.port';

export interface KafkajsMessageBusConfig {
  brokers: string[];
  clientId: string;
  /** Prepended to every topic (publish and subscribe) and consumer group id: test isolation on a shared broker. */
  topicPrefix?: string;
  /** Upper bound of one publish call (connect + send + retries), default 10 s. */
  publishTimeoutMs?: number;
  /** Partitions of one subscription handled in parallel (one message at a time per partition), default 3. */
  partitionsConsumedConcurrently?: number;
  /** Consumer session timeout, default 30 s (a crashed consumer's partitions move after this long). */
  sessionTimeoutMs?: number;
}

// The idempotent producer warns when its retries are bounded. They are bounded on purpose: the
// outbox relay retries (with backoff) and consumers dedupe through the inbox, so an unbounded
// in-client retry loop would only hold the outbox rows' locks while the broker is down.
const SILENCED_LOGS = ['Limiting retries for the idempotent producer'];
// kafkajs logs every error response at ERROR, also those it handles itself (a topic another
// process created first, a coordinator still loading, a rebalance during a commit). Real failures
// still reach the caller as exceptions and are logged there.
const HANDLED_RESPONSE_ERRORS = [
  'Topic creation errors',
  'coordinator is loading',
  'not the correct coordinator',
  'coordinator is not available',
  'rebalance in progress',
  'group is rebalancing',
];

function kafkaLogCreator(logger: LoggerService) {
  return () =>
    ({ level, log }: LogEntry) => {
      const { message, ...extra } = log;
      if (SILENCED_LOGS.some((silenced) => message.startsWith(silenced))) return;
      const error = typeof extra['error'] === 'string' ? extra['error'] : '';
      if (message.startsWith('Response ') && HANDLED_RESPONSE_ERRORS.some((handled) => error.includes(handled))) return;
      const line = `${message} ${JSON.stringify(extra)}`;
      if (level <= logLevel.ERROR) logger.error(line);
      else logger.warn(line);
    };
}

fixKafkajsRequestQueue();

/** How often a consumer heartbeats while one batch is being handled (well under the session timeout). */
const HEARTBEAT_DURING_BATCH_MS = 2_000;
/** How long a new or moving topic may take to get known and led by the broker before that is an error. */
const TOPIC_SETTLE_DEADLINE_MS = 15_000;

function headersOf(headers: IHeaders | undefined): Record<string, string> {
  const result: Record<string, string> = {};
  for (const [name, value] of Object.entries(headers ?? {})) {
    if (value === undefined) continue;
    const first = Array.isArray(value) ? value[0] : value;
    if (first !== undefined) result[name] = first.toString();
  }
  return result;
}

/** One partition's offsets as {@link KafkajsMessageBus.partitionOffsets} reports them. */
export interface PartitionOffsets {
  partition: number;
  /** First offset still kept (retention moves it). */
  low: string;
  /** Next offset to be written. */
  high: string;
  /** The group's committed offset (the next message it reads), null when it has none. */
  committed: string | null;
}

/** The part of a kafkajs consumer the subscription's supervision uses. */
export type SupervisedConsumer = Pick<Consumer, 'on' | 'disconnect' | 'events'>;

/** Delay before a consumer that kafkajs gave up on is built anew: doubling from the first, capped. */
const CONSUMER_REBUILD_FIRST_DELAY_MS = 1_000;
const CONSUMER_REBUILD_MAX_DELAY_MS = 30_000;

/**
 * One subscription's consumer, kept running. kafkajs restarts a consumer that crashed on an error
 * it deems retriable (a lost connection, a coordinator moving); after any other error (an
 * unexpected protocol answer, a TypeError) it leaves it stopped for good, and the group's
 * partitions would wait forever. Such a consumer is disconnected and a new one is built, after a
 * delay that doubles while rebuilds keep failing and starts over once a consumer joined its group.
 */
export class SupervisedSubscription implements Subscription {
  private consumer?: SupervisedConsumer;
  private rebuildTimer?: NodeJS.Timeout;
  private failedRebuilds = 0;
  private stopping?: Promise<void>;

  constructor(
    private readonly groupId: string,
    /** Builds, connects and runs a consumer; calls `watch` on it before running it. */
    private readonly startConsumer: (watch: (consumer: SupervisedConsumer) => void) => Promise<SupervisedConsumer>,
    private readonly logger: LoggerService,
    private readonly onStop: () => void = () => undefined,
  ) {}

  /** Starts the first consumer; rejects when it cannot (the caller decides when to try again). */
  async start(): Promise<void> {
    this.consumer = await this.startConsumer((consumer) => this.watch(consumer));
  }

  stop(): Promise<void> {
    this.stopping ??= (async () => {
      clearTimeout(this.rebuildTimer);
      await this.consumer?.disconnect();
    })().finally(this.onStop);
    return this.stopping;
  }

  private watch(consumer: SupervisedConsumer): void {
    consumer.on(consumer.events.GROUP_JOIN, () => {
      this.failedRebuilds = 0;
    });
    consumer.on(consumer.events.CRASH, ({ payload }) => {
      // kafkajs restarts this one itself.
      if (payload.restart || this.stopping) return;
      const delay = this.nextDelay();
      this.logger.error(
        `consumer group ${this.groupId} stopped after ${payload.error.name}: ${payload.error.message}; a new consumer starts in ${delay} ms`,
      );
      this.scheduleRebuild(delay);
    });
  }

  private nextDelay(): number {
    return Math.min(CONSUMER_REBUILD_MAX_DELAY_MS, CONSUMER_REBUILD_FIRST_DELAY_MS * 2 ** this.failedRebuilds++);
  }

  private scheduleRebuild(delay: number): void {
    clearTimeout(this.rebuildTimer);
    this.rebuildTimer = setTimeout(() => void this.rebuild(), delay);
  }

  private async rebuild(): Promise<void> {
    if (this.stopping) return;
    await this.consumer?.disconnect().catch(() => undefined);
    try {
      const consumer = await this.startConsumer((next) => this.watch(next));
      this.consumer = consumer;
      consumerRebuildsTotal.inc({ group: this.groupId, outcome: 'started' });
      if (this.stopping) await consumer.disconnect().catch(() => undefined);
    } catch (error) {
      consumerRebuildsTotal.inc({ group: this.groupId, outcome: 'failed' });
      const delay = this.nextDelay();
      this.logger.error(`consumer group ${this.groupId}: a new consumer could not start (${error instanceof Error ? error.message : String(error)}); next try in ${delay} ms`);
      this.scheduleRebuild(delay);
    }
  }
}

/**
 * Kafka adapter of the message-bus port over kafkajs: idempotent producer with acks=all and
 * key-based (murmur2, Java-compatible) partitioning; consumers without auto-commit that commit
 * offset+1 only after the handler resolved, one message at a time per partition.
 */
export class KafkajsMessageBus implements MessagePublisher, MessageSubscriber {
  readonly topicPrefix: string;
  private readonly kafka: Kafka;
  private readonly producer: Producer;
  private readonly publishTimeoutMs: number;
  private readonly concurrency: number;
  private readonly sessionTimeoutMs: number;
  private producerConnected = false;
  private producerConnecting?: Promise<void>;
  private admin?: Promise<Admin>;
  private readonly knownTopics = new Set<string>();
  private readonly subscriptions = new Set<SupervisedSubscription>();

  constructor(
    config: KafkajsMessageBusConfig,
    private readonly logger: LoggerService = new Logger('Kafka'),
  ) {
    this.topicPrefix = config.topicPrefix ?? '';
    this.publishTimeoutMs = config.publishTimeoutMs ?? 10_000;
    this.concurrency = config.partitionsConsumedConcurrently ?? 6;
    this.sessionTimeoutMs = config.sessionTimeoutMs ?? 30_000;
    this.kafka = new Kafka({
      clientId: config.clientId,
      brokers: config.brokers,
      connectionTimeout: 3_000,
      requestTimeout: 10_000,
      retry: { initialRetryTime: 200, maxRetryTime: 2_000, retries: 4 },
      logLevel: logLevel.WARN,
      logCreator: kafkaLogCreator(this.logger),
    });
    this.producer = this.kafka.producer({
      idempotent: true,
      maxInFlightRequests: 1,
      // murmur2 on the key, as the Java client: one key, one partition.
      createPartitioner: Partitioners.DefaultPartitioner,
      allowAutoTopicCreation: false,
      retry: { initialRetryTime: 200, maxRetryTime: 2_000, retries: 3 },
    });
    this.producer.on(this.producer.events.DISCONNECT, () => {
      this.producerConnected = false;
    });
  }

  /** The broker-side name of a logical topic. */
  physicalTopic(topic: string): string {
    return this.topicPrefix + topic;
  }

  /** Connects the producer (publish also connects lazily, so a broker that is down at start-up is not fatal). */
  async connect(): Promise<void> {
    if (this.producerConnected) return;
    this.producerConnecting ??= this.producer
      .connect()
      .then(() => {
        this.producerConnected = true;
      })
      .finally(() => {
        this.producerConnecting = undefined;
      });
    await this.producerConnecting;
  }

  async disconnect(): Promise<void> {
    await Promise.allSettled([...this.subscriptions].map((subscription) => subscription.stop()));
    const admin = this.admin;
    this.admin = undefined;
    await Promise.allSettled([this.producer.disconnect(), admin?.then((client) => client.disconnect())]);
    this.producerConnected = false;
  }

  /** Creates the (prefixed) topics that do not exist yet. Idempotent; remembers what exists. */
  async ensureTopics(topics: string[], partitions = 6): Promise<void> {
    const missing = [...new Set(topics.map((topic) => this.physicalTopic(topic)))].filter((topic) => !this.knownTopics.has(topic));
    if (missing.length === 0) return;
    const admin = await this.adminClient();
    const existing = new Set(await admin.listTopics());
    const toCreate = missing.filter((topic) => !existing.has(topic));
    if (toCreate.length > 0) {
      try {
        // kafkajs' own waitForLeaders gives up when the broker does not know the new topic yet
        // (KRaft hands new metadata to the broker asynchronously); waitForLeaders below waits.
        await admin.createTopics({
          waitForLeaders: false,
          topics: toCreate.map((topic) => ({ topic, numPartitions: partitions, replicationFactor: 1 })),
        });
      } catch (error) {
        // Another process created them in between: fine. Anything else surfaces.
        if (!(error instanceof Error) || !/already exists/i.test(error.message)) throw error;
      }
    }
    await this.waitForLeaders(admin, missing);
    for (const topic of missing) this.knownTopics.add(topic);
  }

  /** Resolves once the broker knows every partition of these (physical) topics and each has a leader. */
  private async waitForLeaders(admin: Admin, topics: string[]): Promise<void> {
    await whileMetadataSettles(
      async () => {
        const metadata = await admin.fetchTopicMetadata({ topics });
        for (const topic of metadata.topics) {
          const leaderless = topic.partitions.filter((partition) => partition.leader < 0).map((partition) => partition.partitionId);
          if (topic.partitions.length === 0 || leaderless.length > 0) throw new LeaderNotAvailableYet(topic.name, leaderless);
        }
      },
      { deadlineMs: TOPIC_SETTLE_DEADLINE_MS },
    );
  }

  async publish(messages: OutgoingMessage[]): Promise<void> {
    if (messages.length === 0) return;
    await withTimeout(this.send(messages), this.publishTimeoutMs, 'Kafka publish');
  }

  private async send(messages: OutgoingMessage[]): Promise<void> {
    await this.connect();
    const byTopic = new Map<string, Message[]>();
    for (const message of messages) {
      const topic = this.physicalTopic(message.topic);
      const list = byTopic.get(topic) ?? [];
      list.push({ key: message.key, value: message.value, headers: message.headers });
      byTopic.set(topic, list);
    }
    await this.ensureTopics(messages.map((message) => message.topic));
    const topicMessages: TopicMessages[] = [...byTopic].map(([topic, list]) => ({ topic, messages: list }));
    await this.producer.sendBatch({ acks: -1, topicMessages });
  }

  async subscribe(options: SubscriptionOptions): Promise<Subscription> {
    const subscription: SupervisedSubscription = new SupervisedSubscription(
      options.groupId,
      (watch) => this.startConsumer(options, watch),
      this.logger,
      () => this.subscriptions.delete(subscription),
    );
    await subscription.start();
    this.subscriptions.add(subscription);
    return subscription;
  }

  /** A new consumer of the subscription's group, connected and running. */
  private async startConsumer(options: SubscriptionOptions, watch: (consumer: SupervisedConsumer) => void): Promise<Consumer> {
    const consumer = this.kafka.consumer({
      groupId: this.topicPrefix + options.groupId,
      allowAutoTopicCreation: false,
      sessionTimeout: this.sessionTimeoutMs,
      heartbeatInterval: Math.min(3_000, Math.floor(this.sessionTimeoutMs / 3)),
      maxWaitTimeInMs: 500,
    });
    watch(consumer);
    try {
      await this.ensureTopics(options.topics);
      await consumer.connect();
      await consumer.subscribe({ topics: options.topics.map((topic) => this.physicalTopic(topic)), fromBeginning: options.fromBeginning ?? true });
      const incoming = (topic: string, partition: number, message: KafkaMessage): IncomingMessage => ({
        topic: topic.startsWith(this.topicPrefix) ? topic.slice(this.topicPrefix.length) : topic,
        partition,
        offset: message.offset,
        key: message.key?.toString() ?? null,
        value: message.value?.toString() ?? null,
        headers: headersOf(message.headers),
      });
      const commit = (topic: string, partition: number, offset: string) =>
        consumer.commitOffsets([{ topic, partition, offset: (BigInt(offset) + 1n).toString() }]);
      if (options.handleBatch) {
        const maxBatchSize = options.maxBatchSize ?? 100;
        await consumer.run({
          autoCommit: false,
          eachBatchAutoResolve: false,
          partitionsConsumedConcurrently: this.concurrency,
          eachBatch: async (payload) => {
            const { batch } = payload;
            for (let start = 0; start < batch.messages.length; start += maxBatchSize) {
              // After a rebalance the rest of this fetch belongs to someone else now.
              if (!payload.isRunning() || payload.isStale()) return;
              const chunk = batch.messages.slice(start, start + maxBatchSize);
              // A batch may take long (handler retries with backoff): keep the group membership alive.
              const beat = setInterval(() => void payload.heartbeat().catch(() => undefined), HEARTBEAT_DURING_BATCH_MS);
              try {
                await options.handleBatch?.(chunk.map((message) => incoming(batch.topic, batch.partition, message)));
              } finally {
                clearInterval(beat);
              }
              const last = chunk[chunk.length - 1]?.offset;
              if (last === undefined) return;
              payload.resolveOffset(last);
              // The next fetch waits for every batch of this one, so it does not also wait for the
              // commit: commits go out in order on the coordinator's connection, and one lost to a
              // rebalance or a crash only brings handled messages back to the inbox, which skips them.
              void commit(batch.topic, batch.partition, last).catch((error: unknown) => {
                this.logger.warn(`offset commit of ${batch.topic}[${batch.partition}] @${last} failed (the messages after the last commit come back): ${error instanceof Error ? error.message : String(error)}`);
              });
              await payload.heartbeat();
            }
          },
        });
      } else {
        await consumer.run({
          autoCommit: false,
          partitionsConsumedConcurrently: this.concurrency,
          eachMessage: async ({ topic, partition, message }) => {
            await options.handle(incoming(topic, partition, message));
            await commit(topic, partition, message.offset);
          },
        });
      }
    } catch (error) {
      await consumer.disconnect().catch(() => undefined);
      throw error;
    }
    return consumer;
  }

  /** Logical names of the topics that carry this bus's prefix. */
  async listTopics(): Promise<string[]> {
    const admin = await this.adminClient();
    return (await admin.listTopics()).filter((topic) => topic.startsWith(this.topicPrefix)).map((topic) => topic.slice(this.topicPrefix.length));
  }

  /** Next offset to be written (high watermark) of each partition of a topic. */
  async highWatermarks(topic: string): Promise<Map<number, string>> {
    const admin = await this.adminClient();
    const physical = this.physicalTopic(topic);
    const offsets = await whileMetadataSettles(() => admin.fetchTopicOffsets(physical), { deadlineMs: TOPIC_SETTLE_DEADLINE_MS });
    return new Map(offsets.map((entry) => [entry.partition, entry.high]));
  }

  /**
   * Where a consumer group (logical id) stands on each partition of a topic: the first offset the
   * broker still keeps, the next to be written, and the group's committed offset (null: none). For
   * tools that read a topic up to its end once (the dead-letter redrive).
   */
  async partitionOffsets(topic: string, groupId: string): Promise<PartitionOffsets[]> {
    const admin = await this.adminClient();
    const physical = this.physicalTopic(topic);
    const watermarks = await whileMetadataSettles(() => admin.fetchTopicOffsets(physical), { deadlineMs: TOPIC_SETTLE_DEADLINE_MS });
    const [fetched] = await admin.fetchOffsets({ groupId: this.topicPrefix + groupId, topics: [physical] });
    const committed = new Map((fetched?.partitions ?? []).map((entry) => [entry.partition, entry.offset]));
    return watermarks
      .map(({ partition, low, high }) => {
        const offset = committed.get(partition);
        return { partition, low, high, committed: offset === undefined || BigInt(offset) < 0n ? null : offset };
      })
      .sort((a, b) => a.partition - b.partition);
  }

  /**
   * Messages each consumer group under this bus's prefix has not committed yet, over the topics
   * it has committed offsets on (logical group ids). For tests and tooling.
   */
  async consumerGroupLag(): Promise<Map<string, number>> {
    const admin = await this.adminClient();
    const { groups } = await admin.listGroups();
    const lag = new Map<string, number>();
    for (const { groupId } of groups.filter((group) => group.groupId.startsWith(this.topicPrefix))) {
      let behind = 0n;
      for (const { topic, partitions } of await admin.fetchOffsets({ groupId })) {
        const high = new Map((await admin.fetchTopicOffsets(topic)).map((entry) => [entry.partition, BigInt(entry.high)]));
        for (const { partition, offset } of partitions) {
          const committed = BigInt(offset) < 0n ? 0n : BigInt(offset);
          const gap = (high.get(partition) ?? 0n) - committed;
          if (gap > 0n) behind += gap;
        }
      }
      lag.set(groupId.slice(this.topicPrefix.length), Number(behind));
    }
    return lag;
  }

  /** Deletes topics (logical names; the prefix is applied). For tests and tooling. */
  async deleteTopics(topics: string[]): Promise<void> {
    if (topics.length === 0) return;
    const admin = await this.adminClient();
    const physical = topics.map((topic) => this.physicalTopic(topic));
    await admin.deleteTopics({ topics: physical, timeout: 10_000 });
    for (const topic of physical) this.knownTopics.delete(topic);
  }

  /** Deletes the consumer groups whose id starts with this bus's prefix + `startsWith`. For tests and tooling. */
  async deleteConsumerGroups(startsWith = ''): Promise<void> {
    const admin = await this.adminClient();
    const { groups } = await admin.listGroups();
    const doomed = groups.map((group) => group.groupId).filter((groupId) => groupId.startsWith(this.topicPrefix + startsWith));
    if (doomed.length > 0) await admin.deleteGroups(doomed);
  }

  /** Cheap liveness check: one metadata round trip through the admin client. */
  async describeCluster(): Promise<{ brokers: number; controller: number | null; clusterId: string }> {
    const admin = await this.adminClient();
    const cluster = await admin.describeCluster();
    return { brokers: cluster.brokers.length, controller: cluster.controller, clusterId: cluster.clusterId };
  }

  private adminClient(): Promise<Admin> {
    if (!this.admin) {
      const admin = this.kafka.admin();
      this.admin = admin.connect().then(() => admin);
      // A failed connect is not cached: the next call tries again.
      this.admin.catch(() => {
        this.admin = undefined;
      });
    }
    return this.admin;
  }
}
