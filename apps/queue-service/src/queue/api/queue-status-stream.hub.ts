import { Inject, Injectable, Logger, type OnModuleDestroy } from '@nestjs/common';
import { APP_CONFIG } from '@concert/platform';
import { QueueTokenStatus } from '@concert/contracts';
import { Gauge } from 'prom-client';
import { type AuthenticatedToken, GetQueueStatusUseCase } from '../application/get-queue-status/get-queue-status.use-case';
import { CLOCK, type Clock } from '../application/ports/clock.port';
import { changeKeyOf, type QueueTokenView } from '../application/queue-token-view';
import type { QueueServiceConfig } from '../../queue-service.config';

/** Where one event stream's bytes go (the raw HTTP response in production). */
export interface EventStreamSink {
  write(chunk: string): void;
  end(): void;
}

interface OpenStream {
  token: AuthenticatedToken;
  sink: EventStreamSink;
  lastKey: string;
  lastWriteAtMs: number;
}

const openStreams = new Gauge({ name: 'queue_event_streams_open', help: 'Open Server-Sent Events streams of this instance' });

export function eventOf(view: QueueTokenView): string {
  return `data: ${JSON.stringify(view)}\n\n`;
}

export const HEARTBEAT = ': keep-alive\n\n';

/**
 * Every open `me/events` stream of this process, served by ONE ticker: each tick reads the state
 * of all open tokens in one Redis pipeline (one read per distinct token), sends an event to the
 * streams whose status or position changed, a heartbeat comment to the quiet ones, and ends the
 * streams whose token expired. The read also marks waiting users as seen, so an open stream
 * keeps its user in the queue. No timer runs while no stream is open.
 */
@Injectable()
export class QueueStatusStreamHub implements OnModuleDestroy {
  private readonly logger = new Logger(QueueStatusStreamHub.name);
  private readonly streams = new Map<number, OpenStream>();
  private nextId = 1;
  private ticker?: NodeJS.Timeout;
  private ticking?: Promise<void>;
  private failing = false;

  constructor(
    private readonly status: GetQueueStatusUseCase,
    @Inject(CLOCK) private readonly clock: Clock,
    @Inject(APP_CONFIG) private readonly config: Pick<QueueServiceConfig, 'QUEUE_EVENTS_TICK_MS' | 'QUEUE_EVENTS_HEARTBEAT_MS'>,
  ) {}

  get size(): number {
    return this.streams.size;
  }

  /** Sends the first event and registers the stream; returns its (idempotent) close function. */
  open(token: AuthenticatedToken, initial: QueueTokenView, sink: EventStreamSink): () => void {
    sink.write(eventOf(initial));
    if (initial.status === QueueTokenStatus.EXPIRED) {
      sink.end();
      return () => undefined;
    }
    const id = this.nextId++;
    this.streams.set(id, { token, sink, lastKey: changeKeyOf(initial), lastWriteAtMs: this.clock.now() });
    openStreams.inc();
    this.startTicker();
    return () => this.close(id);
  }

  /** One pass over every open stream (the ticker calls it; tests call it directly). */
  async tick(): Promise<void> {
    if (this.ticking) return this.ticking;
    this.ticking = this.refresh().finally(() => {
      this.ticking = undefined;
    });
    return this.ticking;
  }

  async onModuleDestroy(): Promise<void> {
    this.stopTicker();
    await this.ticking;
    for (const id of [...this.streams.keys()]) this.close(id, true);
  }

  private async refresh(): Promise<void> {
    if (this.streams.size === 0) return;
    const entries = [...this.streams.entries()];
    const distinct = new Map<string, AuthenticatedToken>();
    for (const [, stream] of entries) distinct.set(stream.token.claims.tokenId, stream.token);
    let views: Array<QueueTokenView | null>;
    try {
      views = await this.status.viewsOf([...distinct.values()]);
      if (this.failing) this.logger.log('event stream refresh succeeds again');
      this.failing = false;
    } catch (error) {
      if (!this.failing) this.logger.error({ err: error }, 'event stream refresh failed; streams stay open');
      this.failing = true;
      return;
    }
    const byToken = new Map<string, QueueTokenView | null>();
    [...distinct.keys()].forEach((tokenId, index) => byToken.set(tokenId, views[index] ?? null));
    const nowMs = this.clock.now();
    for (const [id, stream] of entries) {
      if (!this.streams.has(id)) continue;
      const view = byToken.get(stream.token.claims.tokenId) ?? null;
      if (!view) {
        // Forgotten (retention over): nothing more will ever change.
        this.close(id, true);
        continue;
      }
      const key = changeKeyOf(view);
      if (key !== stream.lastKey) {
        stream.sink.write(eventOf({ ...view, token: stream.token.token }));
        stream.lastKey = key;
        stream.lastWriteAtMs = nowMs;
      } else if (nowMs - stream.lastWriteAtMs >= this.config.QUEUE_EVENTS_HEARTBEAT_MS) {
        stream.sink.write(HEARTBEAT);
        stream.lastWriteAtMs = nowMs;
      }
      if (view.status === QueueTokenStatus.EXPIRED) this.close(id, true);
    }
  }

  private close(id: number, end = false): void {
    const stream = this.streams.get(id);
    if (!stream) return;
    this.streams.delete(id);
    openStreams.dec();
    if (end) stream.sink.end();
    if (this.streams.size === 0) this.stopTicker();
  }

  private startTicker(): void {
    if (this.ticker) return;
    this.ticker = setInterval(() => void this.tick(), this.config.QUEUE_EVENTS_TICK_MS);
    this.ticker.unref();
  }

  private stopTicker(): void {
    clearInterval(this.ticker);
    this.ticker = undefined;
  }
}
