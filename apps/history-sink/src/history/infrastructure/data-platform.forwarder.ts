import { Inject, Injectable, Logger, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { APP_CONFIG } from '@concert/platform';
import { Counter } from 'prom-client';
import type { DataSource } from 'typeorm';
import { request } from 'undici';
import { forwardRetryDelayMs } from '../domain/recorded-topics';
import type { HistorySinkConfig } from '../../history-sink.config';

const forwarded = new Counter({ name: 'history_events_forwarded_total', help: 'Events delivered to the data platform' });
const failures = new Counter({ name: 'history_forward_failures_total', help: 'Failed deliveries to the data platform' });

interface HistoryRow {
  position: string;
  event_id: string;
  topic: string;
  occurred_at: Date;
  payload: unknown;
}

/**
 * Sends the recorded history to DATA_PLATFORM_URL in order, in batches, with exponential
 * backoff. Rows are claimed with SKIP LOCKED so several sink replicas never send a batch twice
 * at once; a batch is stamped forwarded only after a 2xx (at-least-once: the platform
 * de-duplicates by eventId).
 */
@Injectable()
export class DataPlatformForwarder implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger(DataPlatformForwarder.name);
  private stopped = false;
  private loop?: Promise<void>;
  private wake?: () => void;

  constructor(
    @Inject(APP_CONFIG) private readonly config: HistorySinkConfig,
    @InjectDataSource() private readonly dataSource: DataSource,
  ) {}

  onApplicationBootstrap(): void {
    if (!this.config.DATA_PLATFORM_URL) return;
    this.loop = this.run(this.config.DATA_PLATFORM_URL);
  }

  async onApplicationShutdown(): Promise<void> {
    this.stopped = true;
    this.wake?.();
    await this.loop;
  }

  private async run(url: string): Promise<void> {
    let consecutiveFailures = 0;
    while (!this.stopped) {
      let sent = 0;
      try {
        sent = await this.forwardBatch(url);
        consecutiveFailures = 0;
      } catch (error) {
        consecutiveFailures += 1;
        failures.inc();
        this.logger.warn({ err: error, consecutiveFailures }, 'forwarding to the data platform failed; will retry');
      }
      const delay = consecutiveFailures > 0 ? forwardRetryDelayMs(consecutiveFailures, this.config.DATA_PLATFORM_RETRY_MAX_DELAY_MS) : sent > 0 ? 0 : 500;
      if (delay > 0) await this.sleep(delay);
    }
  }

  /** Returns how many events were delivered. Throws when the platform did not accept them. */
  async forwardBatch(url: string): Promise<number> {
    return this.dataSource.transaction(async (manager) => {
      const rows: HistoryRow[] = await manager.query(
        `SELECT position, event_id, topic, occurred_at, payload FROM event_history
         WHERE forwarded_at IS NULL ORDER BY position LIMIT $1 FOR UPDATE SKIP LOCKED`,
        [this.config.DATA_PLATFORM_BATCH_SIZE],
      );
      if (rows.length === 0) return 0;
      const response = await request(url, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({
          events: rows.map((row) => ({ eventId: row.event_id, topic: row.topic, occurredAt: row.occurred_at.toISOString(), payload: row.payload })),
        }),
        headersTimeout: this.config.DATA_PLATFORM_TIMEOUT_MS,
        bodyTimeout: this.config.DATA_PLATFORM_TIMEOUT_MS,
      });
      await response.body.dump();
      if (response.statusCode < 200 || response.statusCode >= 300) {
        throw new Error(`data platform answered ${response.statusCode}`);
      }
      await manager.query('UPDATE event_history SET forwarded_at = now() WHERE position = ANY($1::bigint[])', [rows.map((row) => row.position)]);
      forwarded.inc(rows.length);
      return rows.length;
    });
  }

  private sleep(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const timer = setTimeout(resolve, ms);
      this.wake = () => {
        clearTimeout(timer);
        resolve();
      };
    });
  }
}
