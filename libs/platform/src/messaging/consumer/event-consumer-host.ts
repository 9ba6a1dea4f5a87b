import { Inject, Injectable, Logger, type OnModuleDestroy } from '@nestjs/common';
import type { Topic } from '@concert/contracts';
import { KafkajsMessageBus } from '../kafkajs-message-bus';
import type { Subscription } from '../message-bus.port';
import type { MessagingConfig } from '../messaging.config';
import { EVENT_INBOX, MESSAGING_CONFIG, MESSAGING_OPTIONS, type MessagingModuleOptions } from '../messaging.tokens';
import type { EventHandler, RegisterOptions } from './event-handler';
import type { EventInbox } from './event-inbox';
import { EventProcessor } from './event-processor';

/**
 * The consumer loop under the saga transport (SagaTransport): one Kafka subscription per consumer
 * group, started once the transport has registered every handler, stopped on shutdown before the
 * database and Redis clients close.
 */
@Injectable()
export class EventConsumerHost implements OnModuleDestroy {
  private readonly logger = new Logger(EventConsumerHost.name);
  private readonly groups = new Map<string, EventProcessor>();
  /** Groups with a handler registered without `batched`: consumed one message at a time. */
  private readonly unbatchedGroups = new Set<string>();
  private readonly subscriptions: Subscription[] = [];
  private started = false;
  private stopped = false;
  private stopping?: Promise<void>;
  private readonly pending = new Set<Promise<void>>();
  private readonly wakers = new Set<() => void>();

  constructor(
    @Inject(MESSAGING_OPTIONS) private readonly options: MessagingModuleOptions,
    @Inject(MESSAGING_CONFIG) private readonly config: MessagingConfig,
    @Inject(KafkajsMessageBus) private readonly bus: KafkajsMessageBus,
    @Inject(EVENT_INBOX) private readonly inbox: EventInbox | null,
  ) {}

  /** Adds a handler before start (the saga transport adds each @EventPattern method). groupId defaults to the service name. */
  register<T extends Topic>(handler: EventHandler<T>, options: RegisterOptions = {}): void {
    if (!this.inbox) throw new Error(`MessagingModule.forRoot({ service: '${this.options.service}' }) has no inbox: pass inbox: 'postgres' or 'redis' to consume events`);
    if (this.started) throw new Error('EventConsumerHost.register must be called before start()');
    const groupId = options.groupId ?? this.options.service;
    let processor = this.groups.get(groupId);
    if (!processor) {
      processor = new EventProcessor(
        this.inbox,
        { consumerGroup: groupId, maxAttempts: this.config.CONSUMER_MAX_ATTEMPTS, retryMaxMs: this.config.CONSUMER_RETRY_MAX_DELAY_MS },
        new Logger(`EventConsumer:${groupId}`),
      );
      this.groups.set(groupId, processor);
    }
    processor.add(handler);
    if (!options.batched) this.unbatchedGroups.add(groupId);
  }

  /** Subscribes every group; resolves once they are subscribed or after 3 s, whichever is first. */
  async start(): Promise<void> {
    if (this.started) return;
    this.started = true;
    // The inbox transactions take the connections kept for background work (PostgresEventInbox).
    const loops = [...this.groups].map(([groupId, processor]) => this.track(this.subscribeUntilDone(groupId, processor)));
    // Wait a little for the subscriptions (usually well under a second) but never hold the start
    // for long: a broker that is down must not keep the service from serving; the loops go on.
    let timer: NodeJS.Timeout | undefined;
    await Promise.race([Promise.all(loops), new Promise((resolve) => (timer = setTimeout(resolve, 3_000)))]);
    clearTimeout(timer);
  }

  /** Stops every subscription after the messages in hand; idempotent. */
  stop(): Promise<void> {
    this.stopping ??= (async () => {
      this.stopped = true;
      for (const processor of this.groups.values()) processor.stop();
      for (const wake of [...this.wakers]) wake();
      await Promise.allSettled([...this.pending]);
      await Promise.allSettled(this.subscriptions.map((subscription) => subscription.stop()));
    })();
    return this.stopping;
  }

  onModuleDestroy(): Promise<void> {
    return this.stop();
  }

  private track(work: Promise<void>): Promise<void> {
    this.pending.add(work);
    void work.finally(() => this.pending.delete(work));
    return work;
  }

  private async subscribeUntilDone(groupId: string, processor: EventProcessor): Promise<void> {
    for (let attempt = 1; !this.stopped; attempt++) {
      if (await this.trySubscribe(groupId, processor)) return;
      await this.wait(Math.min(10_000, 500 * 2 ** attempt));
    }
  }

  /** A sleep that shutdown cuts short. */
  private wait(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const done = (): void => {
        clearTimeout(timer);
        this.wakers.delete(done);
        resolve();
      };
      const timer = setTimeout(done, ms);
      this.wakers.add(done);
    });
  }

  private async trySubscribe(groupId: string, processor: EventProcessor): Promise<boolean> {
    try {
      const subscription = await this.bus.subscribe({
        groupId,
        topics: processor.topics,
        fromBeginning: true,
        handle: async (message) => {
          await processor.process(message);
        },
        // Offsets are committed once per fetched batch either way; batched groups also share one
        // inbox transaction per batch.
        handleBatch: async (messages) => {
          if (this.unbatchedGroups.has(groupId)) await processor.processEach(messages);
          else await processor.processBatch(messages);
        },
        maxBatchSize: this.config.CONSUMER_BATCH_SIZE,
      });
      if (this.stopped) {
        await subscription.stop();
        return true;
      }
      this.subscriptions.push(subscription);
      this.logger.log(`consumer group ${groupId} subscribed to ${processor.topics.join(', ')}${this.unbatchedGroups.has(groupId) ? '' : ' (one transaction per batch)'}`);
      return true;
    } catch (error) {
      this.logger.warn(`consumer group ${groupId} could not subscribe yet: ${error instanceof Error ? error.message : String(error)}`);
      return false;
    }
  }
}
