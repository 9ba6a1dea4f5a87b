import { type ApiFailure, failureOf } from '../../api/api-error';
import type { BuyerApi, QueueToken } from '../../api/buyer-api';

/** How the page hears of its place: pushed by the event stream, or asked for by polling. */
export type QueueUpdateMode = 'stream' | 'polling';

export interface QueueUpdateListener {
  update(token: QueueToken): void;
  mode(mode: QueueUpdateMode): void;
  /** A failure that ends the watch (the token is unknown, not the caller's, the sign-in expired). */
  fail(failure: ApiFailure): void;
}

export const POLL_EVERY_MS = 2_000;

/** Where the event stream of a queue token is: same origin, a stream ticket in place of headers. */
export function queueEventsUrl(ticket: string): string {
  return `/api/v1/queue/tokens/me/events?ticket=${encodeURIComponent(ticket)}`;
}

/** The calls the watch makes. */
export type QueueCalls = Pick<BuyerApi, 'streamTicket' | 'queueToken'>;

/** The part of EventSource the watch uses (the browser's; a fake in unit tests). */
export type EventStream = Pick<EventSource, 'close'> & {
  onopen: ((event: Event) => void) | null;
  onmessage: ((event: MessageEvent<string>) => void) | null;
  onerror: ((event: Event) => void) | null;
};
/** Reopenings of a stream that had worked before falling back to polling for good. */
const STREAM_REOPENINGS = 3;

/** Failures that no retry mends: the watch stops and the page says what to do. */
const FINAL: ReadonlySet<string> = new Set(['QUEUE_TOKEN_INVALID', 'QUEUE_TOKEN_NOT_OWNED', 'QUEUE_TOKEN_EXPIRED', 'QUEUE_TOKEN_MISSING', 'AUTH_INVALID', 'AUTH_REQUIRED']);

/**
 * Follows one queue token until it is ACTIVE or EXPIRED: through the gateway's event stream
 * (EventSource with a single-use stream ticket, since EventSource sends no headers), and by polling
 * GET /api/v1/queue/tokens/me when the stream is refused (429, 503) or keeps breaking.
 */
export class QueueUpdates {
  private stopped = false;
  private source: EventStream | undefined;
  private timer: ReturnType<typeof setTimeout> | undefined;
  private reopenings = 0;

  constructor(
    private readonly api: QueueCalls,
    private readonly queueToken: string,
    private readonly listener: QueueUpdateListener,
    private readonly openEventStream: (url: string) => EventStream = (url) => new EventSource(url),
  ) {}

  start(): void {
    void this.openStream();
  }

  stop(): void {
    this.stopped = true;
    this.source?.close();
    clearTimeout(this.timer);
  }

  private async openStream(): Promise<void> {
    let ticket: string;
    try {
      ({ ticket } = await this.api.streamTicket(this.queueToken));
    } catch (error) {
      this.onFailure(failureOf(error));
      return;
    }
    if (this.stopped) return;
    const source = this.openEventStream(queueEventsUrl(ticket));
    this.source = source;
    let heard = false;
    source.onopen = () => this.listener.mode('stream');
    source.onmessage = (event: MessageEvent<string>) => {
      heard = true;
      const token = JSON.parse(event.data) as QueueToken;
      this.listener.update(token);
      if (token.status === 'ACTIVE' || token.status === 'EXPIRED') this.stop();
    };
    source.onerror = () => {
      // A refused or broken stream: EventSource would retry with the spent ticket, so close it.
      source.close();
      if (this.stopped) return;
      if (heard && this.reopenings < STREAM_REOPENINGS) {
        this.reopenings += 1;
        this.timer = setTimeout(() => void this.openStream(), 1_000);
      } else {
        this.poll();
      }
    };
  }

  private poll(): void {
    if (this.stopped) return;
    this.listener.mode('polling');
    const tick = async () => {
      try {
        const token = await this.api.queueToken(this.queueToken);
        if (this.stopped) return;
        this.listener.update(token);
        if (token.status === 'ACTIVE' || token.status === 'EXPIRED') {
          this.stop();
          return;
        }
      } catch (error) {
        const failure = failureOf(error);
        if (FINAL.has(failure.code)) {
          this.listener.fail(failure);
          this.stop();
          return;
        }
      }
      if (!this.stopped) this.timer = setTimeout(() => void tick(), POLL_EVERY_MS);
    };
    void tick();
  }

  /** A stream ticket refused: final failures end the watch; anything else falls back to polling. */
  private onFailure(failure: ApiFailure): void {
    if (this.stopped) return;
    if (FINAL.has(failure.code)) {
      this.listener.fail(failure);
      this.stop();
      return;
    }
    this.poll();
  }
}
