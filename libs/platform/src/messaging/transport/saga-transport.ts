import { Catch, Controller, type ExceptionFilter, UseFilters, applyDecorators } from '@nestjs/common';
import { type CustomTransportStrategy, type MessageHandler, Server } from '@nestjs/microservices';
import { ALL_TOPICS, type EventEnvelope, type EventPayload, type Topic } from '@concert/contracts';
import { lastValueFrom, type Observable, throwError } from 'rxjs';
import type { EventConsumerHost } from '../consumer/event-consumer-host';
import type { EventContext, EventHandler, HandledEvent } from '../consumer/event-handler';
import type { InboxConnections } from '../consumer/event-inbox';
import { SagaBatchContext, SagaContext } from './saga-context';

/** The extras of a saga handler: `@EventPattern(Topics.X, { batched: true } satisfies SagaHandlerOptions)`. */
export interface SagaHandlerOptions {
  /** Consumer group (and inbox scope); defaults to the service name. */
  groupId?: string;
  /**
   * The messages of one partition fetch share one inbox transaction and one offset commit (a
   * failing batch falls back to one message at a time). Only for handlers that lock nothing
   * another batch or request could lock in another order, or batches could deadlock. A group is
   * batched when all its handlers are.
   */
  batched?: boolean;
  /**
   * The handler takes arrays: `@Payload()` is the consecutive new events of this topic from one
   * partition batch, in offset order, `@Ctx()` a {@link SagaBatchContext}. It must have the effect
   * of handling each in turn, only in fewer statements. A single event comes as a batch of one.
   */
  batches?: boolean;
  /** The connections the inbox transaction takes; default `kept`. */
  connections?: InboxConnections;
}

const KNOWN_TOPICS = new Set<string>(ALL_TOPICS);

/**
 * The saga's events as a NestJS microservice transport. Each `@EventPattern(Topics.X)` method of
 * a `@SagaConsumer()` controller becomes a handler of the platform's consumer loop
 * (EventConsumerHost → EventProcessor → the message-bus port): batched consumption, the inbox
 * transaction, offset commits after it, parking of what cannot be handled, waiting out a failing
 * database or Redis. Nest's built-in Kafka transport commits per message and knows no inbox
 * (ADR 0021). Workers start it with `app.connectMicroservice({ strategy })` and
 * `startAllMicroservices()` (startSagaConsumers).
 */
export class SagaTransport extends Server implements CustomTransportStrategy {
  constructor(private readonly host: EventConsumerHost) {
    super();
  }

  async listen(callback: (error?: unknown) => void): Promise<void> {
    try {
      for (const [pattern, handler] of this.messageHandlers) this.host.register(this.eventHandlerOf(pattern, handler), optionsOf(handler));
      await this.host.start();
      callback();
    } catch (error) {
      callback(error);
    }
  }

  close(): Promise<void> {
    return this.host.stop();
  }

  /** The transport emits no status events of its own. */
  on(): never {
    throw new Error('SagaTransport has no events to listen to');
  }

  unwrap<T>(): T {
    return this.host as T;
  }

  private eventHandlerOf(pattern: string, handler: MessageHandler): EventHandler<Topic> {
    if (!handler.isEventHandler) throw new Error(`${pattern}: the saga transport carries events only (@EventPattern, not @MessagePattern)`);
    if (handler.next) throw new Error(`${pattern} has two @EventPattern handlers in one service: give the second its own groupId`);
    if (!KNOWN_TOPICS.has(pattern)) throw new Error(`@EventPattern(${pattern}) names no topic of the contracts (Topics)`);
    const topic = pattern as Topic;
    const options = optionsOf(handler);
    const run = (payload: unknown, context: SagaContext | SagaBatchContext) => this.invoke(handler, payload, context);
    if (options.batches) {
      return {
        topic,
        connections: options.connections,
        handle: (event, context) => run([event], new SagaBatchContext([context])),
        handleBatch: (events: ReadonlyArray<HandledEvent<Topic>>) => run(events.map(({ event }) => event), new SagaBatchContext(events.map(({ context }) => context))),
      };
    }
    return { topic, connections: options.connections, handle: (event: EventEnvelope<EventPayload<Topic>>, context: EventContext) => run(event, new SagaContext(context)) };
  }

  /** Runs the Nest handler (pipes, filters) and waits for it; its own error comes back as thrown. */
  private async invoke(handler: MessageHandler, payload: unknown, context: SagaContext | SagaBatchContext): Promise<void> {
    const result: unknown = await handler(payload, context);
    await lastValueFrom(this.transformToObservable(result), { defaultValue: undefined });
  }
}

function optionsOf(handler: MessageHandler): SagaHandlerOptions {
  return (handler.extras ?? {}) as SagaHandlerOptions;
}

/**
 * Hands a saga handler's error back to the consumer loop as it was thrown. Nest's default RPC
 * filter would replace it with `{ status: 'error', message: 'Internal server error' }`, and the
 * loop needs the original to tell a failing connection (waited out) from the event's own failure
 * (retried, then parked).
 */
@Catch()
export class SagaErrorsAsThrown implements ExceptionFilter {
  catch(exception: unknown): Observable<never> {
    return throwError(() => exception);
  }
}

/** A class of saga handlers: a controller of `@EventPattern` methods whose errors reach the consumer loop as thrown. */
export function SagaConsumer(): ClassDecorator {
  return applyDecorators(Controller(), UseFilters(SagaErrorsAsThrown));
}
