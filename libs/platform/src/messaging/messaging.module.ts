import { type DynamicModule, Inject, Injectable, Logger, Module, type OnApplicationBootstrap, type OnApplicationShutdown, type Provider } from '@nestjs/common';
import { getDataSourceToken } from '@nestjs/typeorm';
import type Redis from 'ioredis';
import type { DataSource } from 'typeorm';
import { ALL_TOPICS } from '@concert/contracts';
import { APP_CONFIG } from '../config/config.module';
import { REDIS } from '../redis/redis.module';
import { EventConsumerHost } from './consumer/event-consumer-host';
import { PostgresEventInbox } from './consumer/postgres-event-inbox';
import { RedisEventInbox } from './consumer/redis-event-inbox';
import { DeadLetterTopic } from './dead-letters/dead-letter-topic';
import { KafkaHealthProbe } from './kafka-health.probe';
import { KafkajsMessageBus } from './kafkajs-message-bus';
import type { MessagePublisher } from './message-bus.port';
import { type MessagingConfig, resolveMessagingConfig } from './messaging.config';
import { EVENT_INBOX, MESSAGE_PUBLISHER, MESSAGING_CONFIG, MESSAGING_OPTIONS, type MessagingModuleOptions } from './messaging.tokens';
import { OutboxRelayRunner } from './outbox/outbox-relay.runner';
import { OutboxWriter } from './outbox/outbox-writer';

/** Connects the producer and creates the topics at start-up (best effort), disconnects last at shutdown. */
@Injectable()
class MessagingLifecycle implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger('Messaging');
  private starting?: Promise<void>;

  constructor(@Inject(KafkajsMessageBus) private readonly bus: KafkajsMessageBus) {}

  onApplicationBootstrap(): void {
    // In the background: Kafka being down must neither stop nor delay the start (the outbox keeps
    // the events; publish and subscribe connect again on use).
    this.starting = (async () => {
      try {
        await this.bus.connect();
        await this.bus.ensureTopics([...ALL_TOPICS]);
      } catch (error) {
        this.logger.warn(`Kafka not reachable at start-up (${error instanceof Error ? error.message : String(error)}); will retry on use`);
      }
    })();
  }

  async onApplicationShutdown(): Promise<void> {
    await this.starting;
    await this.bus.disconnect();
  }
}

/**
 * Kafka, the transactional outbox and the inbox for one service. Global: OutboxWriter,
 * EventConsumerHost, KafkaHealthProbe and KafkajsMessageBus are injectable everywhere.
 */
@Module({})
export class MessagingModule {
  static forRoot(options: MessagingModuleOptions): DynamicModule {
    const inboxProvider: Provider =
      options.inbox === 'postgres'
        ? { provide: EVENT_INBOX, inject: [getDataSourceToken()], useFactory: (dataSource: DataSource) => new PostgresEventInbox(dataSource) }
        : options.inbox === 'redis'
          ? {
              provide: EVENT_INBOX,
              inject: [REDIS, MESSAGING_CONFIG, MESSAGE_PUBLISHER],
              // Handled ids in Redis, dead letters on Kafka (dlq.<group>.v1): a letter must survive what Redis may lose.
              useFactory: (redis: Redis, config: MessagingConfig, publisher: MessagePublisher) =>
                new RedisEventInbox(redis, config.INBOX_REDIS_TTL_DAYS, new DeadLetterTopic(publisher)),
            }
          : { provide: EVENT_INBOX, useValue: null };
    const providers: Provider[] = [
      { provide: MESSAGING_OPTIONS, useValue: options },
      { provide: MESSAGING_CONFIG, inject: [APP_CONFIG], useFactory: (config: object) => resolveMessagingConfig(config) },
      {
        provide: KafkajsMessageBus,
        inject: [MESSAGING_CONFIG],
        useFactory: (config: MessagingConfig) =>
          new KafkajsMessageBus(
            { brokers: config.KAFKA_BROKERS, clientId: options.service, topicPrefix: config.KAFKA_TOPIC_PREFIX, sessionTimeoutMs: config.KAFKA_SESSION_TIMEOUT_MS },
            new Logger('Kafka'),
          ),
      },
      { provide: MESSAGE_PUBLISHER, useExisting: KafkajsMessageBus },
      MessagingLifecycle,
      KafkaHealthProbe,
      OutboxWriter,
      EventConsumerHost,
      inboxProvider,
      ...(options.outbox ? [OutboxRelayRunner] : []),
    ];
    return {
      module: MessagingModule,
      global: true,
      providers,
      exports: [KafkajsMessageBus, MESSAGE_PUBLISHER, MESSAGING_CONFIG, KafkaHealthProbe, OutboxWriter, EventConsumerHost],
    };
  }
}
