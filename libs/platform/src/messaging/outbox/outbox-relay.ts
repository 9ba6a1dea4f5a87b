import type { LoggerService } from '@nestjs/common';
import { backoffDelay } from '../backoff';
import { encodeEvent } from '../event-codec';
import type { MessagePublisher } from '../message-bus.port';
import { outboxPendingEvents, outboxPublishedTotal, outboxPublishFailuresTotal, outboxRelayLag } from '../messaging.metrics';
import type { OutboxStore } from './outbox-store';

export interface OutboxRelaySettings {
  batchSize: number;
  /** Failed attempts after which a row is parked. */
  maxAttempts: number;
  retryBaseMs: number;
  retryMaxMs: number;
  pollIntervalMs: number;
  retentionHours: number;
  /** How often sent rows are pruned and the pending gauge sampled. */
  housekeepingIntervalMs: number;
  /** Rows deleted per statement when pruning. */
  cleanupBatchSize: number;
}

export const defaultRelaySettings: Omit<OutboxRelaySettings, 'maxAttempts' | 'retryMaxMs' | 'pollIntervalMs' | 'retentionHours' | 'batchSize'> = {
  retryBaseMs: 200,
  housekeepingIntervalMs: 10_000,
  cleanupBatchSize: 500,
};

export interface RelayBatchResult {
  claimed: number;
  sent: number;
  failed: number;
  parked: number;
}

/**
 * Publishes due outbox rows: claim a batch (locked, SKIP LOCKED), publish it in one producer
 * call, mark it sent — or, when the publish fails, count the attempt and back off (park after
 * maxAttempts). At-least-once: a crash between the broker's ack and the commit republishes the
 * batch, and consumers' inboxes absorb the duplicates.
 */
export class OutboxRelay {
  private running?: Promise<void>;
  private stopped = true;
  private wakeRequested = false;
  private wakeUp?: () => void;
  private lastHousekeeping = 0;

  constructor(
    private readonly store: OutboxStore,
    private readonly publisher: MessagePublisher,
    private readonly settings: OutboxRelaySettings,
    private readonly logger: LoggerService,
    private readonly now: () => number = Date.now,
  ) {}

  /** Claims and publishes one batch. */
  async relayBatch(): Promise<RelayBatchResult> {
    return this.store.withDueBatch(this.settings.batchSize, async (batch) => {
      const result: RelayBatchResult = { claimed: batch.records.length, sent: 0, failed: 0, parked: 0 };
      if (batch.records.length === 0) return result;
      const messages = batch.records.map((record) =>
        encodeEvent({
          id: record.id,
          topic: record.topic,
          key: record.key,
          payload: record.payload,
          headers: record.headers,
          occurredAt: record.headers['occurred-at'] ?? record.createdAt.toISOString(),
        }),
      );
      try {
        await this.publisher.publish(messages);
      } catch (error) {
        const reason = (error instanceof Error ? error.message : String(error)).slice(0, 2_000);
        const failures = batch.records.map((record) => {
          const attempts = record.attempts + 1;
          const park = attempts >= this.settings.maxAttempts;
          return { id: record.id, attempts, park, error: reason, retryInMs: park ? 0 : backoffDelay(attempts, { baseMs: this.settings.retryBaseMs, maxMs: this.settings.retryMaxMs }) };
        });
        await batch.markFailed(failures);
        result.parked = failures.filter((failure) => failure.park).length;
        result.failed = failures.length - result.parked;
        outboxPublishFailuresTotal.inc({ outcome: 'retry' }, result.failed);
        outboxPublishFailuresTotal.inc({ outcome: 'parked' }, result.parked);
        if (result.parked > 0) this.logger.error(`outbox: parked ${result.parked} event(s) after ${this.settings.maxAttempts} failed attempts: ${reason}`);
        this.logger.warn(`outbox: publishing ${failures.length} event(s) failed, will retry: ${reason}`);
        return result;
      }
      await batch.markSent(batch.records.map((record) => record.id));
      const now = this.now();
      for (const record of batch.records) {
        outboxPublishedTotal.inc({ topic: record.topic });
        outboxRelayLag.observe(Math.max(0, now - record.createdAt.getTime()) / 1000);
      }
      result.sent = batch.records.length;
      return result;
    });
  }

  /** Deletes sent rows past retention (a few small batches per call) and samples the pending gauge. */
  async housekeeping(): Promise<void> {
    for (let round = 0; round < 20; round++) {
      const deleted = await this.store.deleteSent(this.settings.retentionHours, this.settings.cleanupBatchSize);
      if (deleted < this.settings.cleanupBatchSize) break;
    }
    const { pending, parked } = await this.store.countUnsent();
    outboxPendingEvents.set({ state: 'pending' }, pending);
    outboxPendingEvents.set({ state: 'parked' }, parked);
  }

  /** Starts the relay loop (idempotent). */
  start(): void {
    if (!this.stopped) return;
    this.stopped = false;
    this.running = this.loop();
  }

  /** A NOTIFY arrived: run a batch now instead of at the next poll. */
  wake(): void {
    this.wakeRequested = true;
    this.wakeUp?.();
  }

  /** Stops after the batch in flight (its transaction completes). */
  async stop(): Promise<void> {
    this.stopped = true;
    this.wakeUp?.();
    await this.running;
  }

  private async loop(): Promise<void> {
    let errors = 0;
    while (!this.stopped) {
      let claimed = 0;
      try {
        claimed = (await this.relayBatch()).claimed;
        errors = 0;
      } catch (error) {
        // The database itself failed (a publish failure is recorded, not thrown): back off.
        errors++;
        this.logger.error(`outbox: relay batch failed: ${error instanceof Error ? error.message : String(error)}`);
        await this.idle(backoffDelay(errors, { baseMs: this.settings.pollIntervalMs, maxMs: 10_000 }));
        continue;
      }
      if (this.stopped) break;
      if (this.now() - this.lastHousekeeping >= this.settings.housekeepingIntervalMs) {
        this.lastHousekeeping = this.now();
        await this.housekeeping().catch((error: unknown) => {
          this.logger.warn(`outbox: housekeeping failed: ${error instanceof Error ? error.message : String(error)}`);
        });
      }
      // A full batch means more rows are probably due: go on at once.
      if (claimed < this.settings.batchSize) await this.idle();
    }
  }

  private idle(ms = this.settings.pollIntervalMs): Promise<void> {
    if (this.wakeRequested || this.stopped) {
      this.wakeRequested = false;
      return Promise.resolve();
    }
    return new Promise<void>((resolve) => {
      const done = (): void => {
        clearTimeout(timer);
        this.wakeUp = undefined;
        this.wakeRequested = false;
        resolve();
      };
      const timer = setTimeout(done, ms);
      this.wakeUp = done;
    });
  }
}
