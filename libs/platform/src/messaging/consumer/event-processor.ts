import type { LoggerService } from '@nestjs/common';
import type { Topic } from '@concert/contracts';
import { backoffDelay, sleep as realSleep } from '../backoff';
import { decodeEvent, MalformedEventError } from '../event-codec';
import type { IncomingMessage } from '../message-bus.port';
import { eventHandlingDuration, eventsHandledTotal } from '../messaging.metrics';
import type { EventHandler } from './event-handler';
import type { EventInbox } from './event-inbox';

export interface EventProcessorOptions {
  consumerGroup: string;
  maxAttempts: number;
  retryBaseMs?: number;
  retryMaxMs: number;
  sleep?: (ms: number) => Promise<void>;
}

export type ProcessOutcome = 'handled' | 'duplicate' | 'parked' | 'malformed';

/**
 * Handles the messages of one consumer group: decode and validate, run the topic's handler at
 * most once per event id (inbox), retry a failing handler with backoff, and park what cannot be
 * handled so the partition moves on. Rejects only when even parking failed (the offset is then
 * not committed and the message comes back).
 */
export class EventProcessor {
  private readonly handlers = new Map<string, EventHandler<Topic>>();
  private readonly sleep: (ms: number) => Promise<void>;

  constructor(
    private readonly inbox: EventInbox,
    private readonly options: EventProcessorOptions,
    private readonly logger: LoggerService,
  ) {
    this.sleep = options.sleep ?? realSleep;
  }

  add<T extends Topic>(handler: EventHandler<T>): void {
    if (this.handlers.has(handler.topic)) {
      throw new Error(`consumer group ${this.options.consumerGroup} already has a handler for ${handler.topic}; register the second one with another groupId`);
    }
    this.handlers.set(handler.topic, handler);
  }

  get topics(): string[] {
    return [...this.handlers.keys()];
  }

  async process(message: IncomingMessage): Promise<ProcessOutcome> {
    const group = this.options.consumerGroup;
    const stopTimer = eventHandlingDuration.startTimer({ topic: message.topic, group });
    const outcome = await this.processTimed(message);
    stopTimer();
    eventsHandledTotal.inc({ topic: message.topic, group, outcome });
    return outcome;
  }

  private async processTimed(message: IncomingMessage): Promise<ProcessOutcome> {
    let decoded;
    try {
      decoded = decodeEvent(message);
    } catch (error) {
      if (!(error instanceof MalformedEventError)) throw error;
      this.logger.warn(`parking malformed message ${describe(message)}: ${error.message}`);
      await this.inbox.park(this.deadLetter(message, error.message, 0));
      return 'malformed';
    }
    const handler = this.handlers.get(decoded.topic);
    if (!handler) {
      await this.inbox.park(this.deadLetter(message, `no handler for ${decoded.topic} in group ${this.options.consumerGroup}`, 0));
      return 'parked';
    }
    const context = {
      topic: message.topic,
      partition: message.partition,
      offset: message.offset,
      ...(decoded.requestId ? { requestId: decoded.requestId } : {}),
    };
    for (let attempt = 1; ; attempt++) {
      try {
        return await this.inbox.runOnce(this.options.consumerGroup, decoded.envelope.eventId, (manager) =>
          handler.handle(decoded.envelope, manager ? { ...context, manager } : context),
        );
      } catch (error) {
        const reason = error instanceof Error ? error.message : String(error);
        if (attempt >= this.options.maxAttempts) {
          this.logger.error(`parking ${describe(message)} event ${decoded.envelope.eventId} after ${attempt} attempts: ${reason}`);
          await this.inbox.park(this.deadLetter(message, reason, attempt));
          return 'parked';
        }
        const delay = backoffDelay(attempt, { baseMs: this.options.retryBaseMs ?? 100, maxMs: this.options.retryMaxMs });
        this.logger.warn(`handler for ${describe(message)} failed (attempt ${attempt}/${this.options.maxAttempts}, retry in ${delay} ms): ${reason}`);
        await this.sleep(delay);
      }
    }
  }

  private deadLetter(message: IncomingMessage, error: string, attempts: number) {
    return {
      consumerGroup: this.options.consumerGroup,
      topic: message.topic,
      partition: message.partition,
      offset: message.offset,
      key: message.key,
      value: message.value,
      headers: message.headers,
      error: error.slice(0, 2_000),
      attempts,
    };
  }
}

function describe(message: IncomingMessage): string {
  return `${message.topic}[${message.partition}]@${message.offset}`;
}
