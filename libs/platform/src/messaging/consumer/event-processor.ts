import type { LoggerService } from '@nestjs/common';
import type { EventEnvelope, EventPayload, Topic } from '@concert/contracts';
import { backoffDelay, sleep as realSleep } from '../backoff';
import { decodeEvent, MalformedEventError } from '../event-codec';
import type { IncomingMessage } from '../message-bus.port';
import { eventHandlingDuration, eventsHandledTotal } from '../messaging.metrics';
import type { EventContext, EventHandler } from './event-handler';
import type { EventInbox } from './event-inbox';
import { isTransientFailure } from '../../errors/transient-errors';

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
 * handled so the partition moves on — after maxAttempts failures of the handler itself; a failing
 * database or Redis connection is waited out instead. Rejects only when even parking failed (the
 * offset is then not committed and the message comes back).
 */
export class EventProcessor {
  private readonly handlers = new Map<string, EventHandler<Topic>>();
  private readonly sleep: (ms: number) => Promise<void>;
  private stopping = false;

  constructor(
    private readonly inbox: EventInbox,
    private readonly options: EventProcessorOptions,
    private readonly logger: LoggerService,
  ) {
    this.sleep = options.sleep ?? realSleep;
  }

  /** From now on a failure on the infrastructure is not retried: the message is left to come back. */
  stop(): void {
    this.stopping = true;
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

  /**
   * Handles the messages of one partition, in order, in one inbox transaction when the inbox
   * supports it: one commit for the batch instead of one per message. Messages that cannot be
   * decoded are parked on their own first (they change nothing). If the batch fails, nothing of it
   * committed and its messages are handled one at a time, with the retries and parking of process().
   */
  async processBatch(messages: readonly IncomingMessage[]): Promise<ProcessOutcome[]> {
    if (messages.length < 2 || !this.inbox.runBatchOnce) return this.processEach(messages);
    const group = this.options.consumerGroup;
    const started = performance.now();
    const outcomes = new Map<IncomingMessage, ProcessOutcome>();
    const ready: Array<{ message: IncomingMessage; event: Routed }> = [];
    for (const message of messages) {
      const routed = this.route(message);
      if ('rejection' in routed) outcomes.set(message, await this.process(message));
      else ready.push({ message, event: routed });
    }
    if (ready.length === 0) return messages.map((message) => outcomes.get(message) ?? 'parked');
    const callbacks: Array<() => void> = [];
    try {
      await this.inbox.runBatchOnce(
        group,
        ready.map(({ event }) => event.envelope.eventId),
        async (fresh, manager) => {
          const seen = new Set<string>();
          const afterCommit = (callback: () => void): void => void callbacks.push(callback);
          // Runs of consecutive new events with one handler: one handleBatch call where it has one.
          let run: Array<{ message: IncomingMessage; event: Routed }> = [];
          const flush = async (): Promise<void> => {
            const [first] = run;
            if (!first) return;
            const { handler } = first.event;
            if (handler.handleBatch && run.length > 1) {
              await handler.handleBatch(run.map(({ event }) => ({ event: event.envelope, context: { ...event.context, manager, afterCommit } })));
            } else {
              for (const { event } of run) await handler.handle(event.envelope, { ...event.context, manager, afterCommit });
            }
            for (const { message } of run) outcomes.set(message, 'handled');
            run = [];
          };
          for (const entry of ready) {
            const eventId = entry.event.envelope.eventId;
            if (!fresh.has(eventId) || seen.has(eventId)) {
              outcomes.set(entry.message, 'duplicate');
              continue;
            }
            seen.add(eventId);
            if (run[0] && run[0].event.handler !== entry.event.handler) await flush();
            run.push(entry);
          }
          await flush();
        },
      );
    } catch (error) {
      const reason = error instanceof Error ? error.message : String(error);
      this.logger.warn(`batch of ${ready.length} message(s) of ${group} failed, handling them one at a time: ${reason}`);
      for (const { message } of ready) outcomes.set(message, await this.process(message));
      return messages.map((message) => outcomes.get(message) ?? 'handled');
    }
    runCallbacks(callbacks, this.logger);
    const seconds = (performance.now() - started) / 1000;
    for (const { message } of ready) {
      // Each message of the batch waited for the whole batch to commit.
      eventHandlingDuration.observe({ topic: message.topic, group }, seconds);
      eventsHandledTotal.inc({ topic: message.topic, group, outcome: outcomes.get(message) ?? 'handled' });
    }
    return messages.map((message) => outcomes.get(message) ?? 'handled');
  }

  /** One message at a time, each in its own inbox transaction. */
  async processEach(messages: readonly IncomingMessage[]): Promise<ProcessOutcome[]> {
    const outcomes: ProcessOutcome[] = [];
    for (const message of messages) outcomes.push(await this.process(message));
    return outcomes;
  }

  /** Decodes and validates a message and finds its handler, or says why it must be parked. */
  private route(message: IncomingMessage): Routed | { rejection: 'malformed' | 'parked'; reason: string } {
    let decoded;
    try {
      decoded = decodeEvent(message);
    } catch (error) {
      if (!(error instanceof MalformedEventError)) throw error;
      return { rejection: 'malformed', reason: error.message };
    }
    const handler = this.handlers.get(decoded.topic);
    if (!handler) return { rejection: 'parked', reason: `no handler for ${decoded.topic} in group ${this.options.consumerGroup}` };
    const context = {
      topic: message.topic,
      partition: message.partition,
      offset: message.offset,
      ...(decoded.requestId ? { requestId: decoded.requestId } : {}),
    };
    return { envelope: decoded.envelope, handler, context };
  }

  private async processTimed(message: IncomingMessage): Promise<ProcessOutcome> {
    const routed = this.route(message);
    if ('rejection' in routed) {
      if (routed.rejection === 'malformed') this.logger.warn(`parking malformed message ${describe(message)}: ${routed.reason}`);
      await this.inbox.park(this.deadLetter(message, routed.reason, 0));
      return routed.rejection;
    }
    const { envelope, handler, context } = routed;
    // Attempts count only failures that may be the event's own; a failing connection, deadlock or
    // timeout is retried for as long as it lasts (the partition waits, in order) — until shutdown,
    // when the message is left uncommitted to come back.
    let failures = 0;
    let transientFailures = 0;
    for (;;) {
      const callbacks: Array<() => void> = [];
      const afterCommit = (callback: () => void): void => void callbacks.push(callback);
      try {
        const outcome = await this.inbox.runOnce(
          this.options.consumerGroup,
          envelope.eventId,
          (manager) => handler.handle(envelope, manager ? { ...context, manager, afterCommit } : { ...context, afterCommit }),
          { connections: handler.connections ?? 'kept' },
        );
        runCallbacks(callbacks, this.logger);
        return outcome;
      } catch (error) {
        const reason = error instanceof Error ? error.message : String(error);
        if (isTransientFailure(error)) {
          if (this.stopping) throw error;
          transientFailures++;
          const delay = backoffDelay(transientFailures, { baseMs: this.options.retryBaseMs ?? 100, maxMs: this.options.retryMaxMs });
          this.logger.warn(`handler for ${describe(message)} failed on its infrastructure (${transientFailures} time(s), retry in ${delay} ms): ${reason}`);
          await this.sleep(delay);
          continue;
        }
        failures++;
        if (failures >= this.options.maxAttempts) {
          this.logger.error(`parking ${describe(message)} event ${envelope.eventId} after ${failures} attempts: ${reason}`);
          await this.inbox.park(this.deadLetter(message, reason, failures));
          return 'parked';
        }
        const delay = backoffDelay(failures, { baseMs: this.options.retryBaseMs ?? 100, maxMs: this.options.retryMaxMs });
        this.logger.warn(`handler for ${describe(message)} failed (attempt ${failures}/${this.options.maxAttempts}, retry in ${delay} ms): ${reason}`);
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

interface Routed {
  envelope: EventEnvelope<EventPayload<Topic>>;
  handler: EventHandler<Topic>;
  context: Omit<EventContext, 'afterCommit' | 'manager'>;
}

/** After-commit work must not undo a committed event: its failure is only logged. */
function runCallbacks(callbacks: ReadonlyArray<() => void>, logger: LoggerService): void {
  for (const callback of callbacks) {
    try {
      callback();
    } catch (error) {
      logger.warn(`after-commit callback failed: ${error instanceof Error ? error.message : String(error)}`);
    }
  }
}

function describe(message: IncomingMessage): string {
  return `${message.topic}[${message.partition}]@${message.offset}`;
}
