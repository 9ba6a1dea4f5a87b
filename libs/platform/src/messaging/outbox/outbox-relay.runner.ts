import { Inject, Injectable, Logger, type OnApplicationBootstrap, type OnModuleDestroy } from '@nestjs/common';
import { getDataSourceToken } from '@nestjs/typeorm';
import { Client } from 'pg';
import type { DataSource } from 'typeorm';
import type { PostgresConnectionOptions } from 'typeorm/driver/postgres/PostgresConnectionOptions';
import { runsBackgroundWork } from '../../config/config';
import { APP_CONFIG } from '../../config/config.module';
import { KafkajsMessageBus } from '../kafkajs-message-bus';
import type { MessagingConfig } from '../messaging.config';
import { MESSAGING_CONFIG } from '../messaging.tokens';
import { outboxChannel, quoteIdent, schemaOf } from '../persistence/schema';
import { defaultRelaySettings, OutboxRelay } from './outbox-relay';
import { PostgresOutboxStore } from './postgres-outbox.store';

/**
 * Runs one OutboxRelay per process (MessagingModule with outbox: true) unless PROCESS_ROLE=api. A dedicated connection
 * LISTENs on the schema's channel so a commit wakes the relay at once; the relay also polls, so a
 * lost notification or a dropped listener connection only costs latency.
 */
@Injectable()
export class OutboxRelayRunner implements OnApplicationBootstrap, OnModuleDestroy {
  private readonly logger = new Logger('OutboxRelay');
  readonly relay: OutboxRelay;
  private listener?: Client;
  private reconnectTimer?: NodeJS.Timeout;
  private stopped = false;

  constructor(
    @Inject(getDataSourceToken()) private readonly dataSource: DataSource,
    @Inject(KafkajsMessageBus) bus: KafkajsMessageBus,
    @Inject(MESSAGING_CONFIG) config: MessagingConfig,
    @Inject(APP_CONFIG) private readonly appConfig: object,
  ) {
    this.relay = new OutboxRelay(
      new PostgresOutboxStore(dataSource),
      bus,
      {
        ...defaultRelaySettings,
        batchSize: config.OUTBOX_BATCH_SIZE,
        maxAttempts: config.OUTBOX_MAX_ATTEMPTS,
        retryMaxMs: config.OUTBOX_RETRY_MAX_DELAY_MS,
        pollIntervalMs: config.OUTBOX_POLL_INTERVAL_MS,
        retentionHours: config.OUTBOX_RETENTION_HOURS,
      },
      this.logger,
    );
  }

  async onApplicationBootstrap(): Promise<void> {
    // An api process (PROCESS_ROLE=api) only writes outbox rows; a worker's relay publishes them.
    if (!runsBackgroundWork(this.appConfig)) return;
    await this.listen();
    // Saga steps wait on the relay: its store takes the connections kept for background work (PostgresOutboxStore).
    this.relay.start();
  }

  async onModuleDestroy(): Promise<void> {
    this.stopped = true;
    clearTimeout(this.reconnectTimer);
    await this.relay.stop();
    await this.listener?.end().catch(() => undefined);
  }

  private async listen(): Promise<void> {
    const options = this.dataSource.options as PostgresConnectionOptions;
    const client = new Client({
      connectionString: options.url,
      application_name: `outbox-relay-${schemaOf(this.dataSource)}`,
      connectionTimeoutMillis: 5_000,
    });
    client.on('notification', () => this.relay.wake());
    client.on('error', (error) => {
      this.logger.warn(`outbox: LISTEN connection lost (${error.message}); polling until it is back`);
      this.scheduleReconnect();
    });
    try {
      await client.connect();
      await client.query(`LISTEN ${quoteIdent(outboxChannel(schemaOf(this.dataSource)))}`);
      this.listener = client;
    } catch (error) {
      this.logger.warn(`outbox: cannot LISTEN (${error instanceof Error ? error.message : String(error)}); polling only for now`);
      await client.end().catch(() => undefined);
      this.scheduleReconnect();
    }
  }

  private scheduleReconnect(): void {
    if (this.stopped || this.reconnectTimer) return;
    const lost = this.listener;
    this.listener = undefined;
    void lost?.end().catch(() => undefined);
    this.reconnectTimer = setTimeout(() => {
      this.reconnectTimer = undefined;
      if (!this.stopped) void this.listen();
    }, 2_000);
  }
}
