import { type INestMicroservice, Injectable, Logger, Module } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { Ctx, EventPattern, Payload } from '@nestjs/microservices';
import { type EventEnvelope, type PlatformProbe, Topics } from '@concert/contracts';
import type { EventConsumerHost } from '../consumer/event-consumer-host';
import type { EventContext, EventHandler, RegisterOptions } from '../consumer/event-handler';
import { TransactionScope } from '../consumer/transaction-scope';
import { SagaBatchContext, SagaContext } from './saga-context';
import { SagaConsumer, type SagaHandlerOptions, SagaTransport } from './saga-transport';

/** A host that records what the transport registers, and whether it was started and stopped. */
class RecordingHost {
  readonly registered: Array<{ handler: EventHandler<never>; options: RegisterOptions }> = [];
  started = 0;
  stopped = 0;

  register(handler: EventHandler<never>, options: RegisterOptions): void {
    this.registered.push({ handler, options });
  }

  async start(): Promise<void> {
    this.started++;
  }

  async stop(): Promise<void> {
    this.stopped++;
  }

  handlerOf(topic: string): EventHandler<never> {
    const found = this.registered.find(({ handler }) => handler.topic === topic)?.handler;
    if (!found) throw new Error(`nothing registered for ${topic}`);
    return found;
  }
}

interface Call {
  payload: unknown;
  context: unknown;
}

@Injectable()
class Seen {
  readonly calls: Call[] = [];
}

class DatabaseDown extends Error {
  readonly code = '57P01';
}

@SagaConsumer()
class ProbeHandlers {
  constructor(private readonly seen: Seen) {}

  @EventPattern(Topics.PlatformProbe, { batched: true, groupId: 'probes' } satisfies SagaHandlerOptions)
  async probe(@Payload() event: EventEnvelope<PlatformProbe>, @Ctx() context: SagaContext): Promise<void> {
    this.seen.calls.push({ payload: event, context });
    if (event.payload.note === 'fail') throw new DatabaseDown('terminating connection due to administrator command');
  }

  @EventPattern([Topics.SeatHeld, Topics.HoldExpired], { batches: true, connections: 'shared' } satisfies SagaHandlerOptions)
  async holds(@Payload() events: ReadonlyArray<EventEnvelope<unknown>>, @Ctx() context: SagaBatchContext): Promise<void> {
    this.seen.calls.push({ payload: events, context });
  }
}

@Module({ controllers: [ProbeHandlers], providers: [Seen] })
class ProbeModule {}

const manager = { queryRunner: { isTransactionActive: true } } as never;
const contextOf = (topic: string, offset: number): EventContext => ({ topic, partition: 1, offset: String(offset), requestId: `req-${offset}`, manager, afterCommit: () => undefined });
const envelope = (note: string): EventEnvelope<PlatformProbe> => ({ eventId: `event-${note}`, eventType: Topics.PlatformProbe, occurredAt: '2026-12-08T00:00:00.000Z', payload: { probeId: note, note } });

describe('SagaTransport', () => {
  let app: INestMicroservice;
  let host: RecordingHost;

  beforeAll(async () => {
    Logger.overrideLogger(false);
    host = new RecordingHost();
    app = await NestFactory.createMicroservice(ProbeModule, { strategy: new SagaTransport(host as unknown as EventConsumerHost), logger: false });
    await app.listen();
  });

  afterAll(async () => {
    await app.close();
  });

  it('registers every @EventPattern topic with its options, then starts the consumer loop once', () => {
    expect(host.registered.map(({ handler, options }) => [handler.topic, options, handler.connections, typeof handler.handleBatch])).toEqual([
      [Topics.PlatformProbe, { batched: true, groupId: 'probes' }, undefined, 'undefined'],
      [Topics.SeatHeld, { batches: true, connections: 'shared' }, 'shared', 'function'],
      [Topics.HoldExpired, { batches: true, connections: 'shared' }, 'shared', 'function'],
    ]);
    expect(host.started).toBe(1);
  });

  it('hands the handler the envelope and a context with the delivery and the inbox transaction as a TransactionScope', async () => {
    const seen = app.get(Seen);
    seen.calls.length = 0;
    await host.handlerOf(Topics.PlatformProbe).handle(envelope('ok') as never, contextOf(Topics.PlatformProbe, 7));

    const [call] = seen.calls;
    expect(call?.payload).toEqual(envelope('ok'));
    const context = call?.context as SagaContext;
    expect(context).toBeInstanceOf(SagaContext);
    expect(context.delivery).toMatchObject({ topic: Topics.PlatformProbe, partition: 1, offset: '7', requestId: 'req-7' });
    expect(TransactionScope.entityManagerOf(context.transaction)).toBe(manager);
  });

  it("lets the handler's own error reach the consumer loop as thrown (a failing connection stays recognisable)", async () => {
    const failure = host.handlerOf(Topics.PlatformProbe).handle(envelope('fail') as never, contextOf(Topics.PlatformProbe, 8));
    await expect(failure).rejects.toBeInstanceOf(DatabaseDown);
    await expect(failure).rejects.toMatchObject({ code: '57P01' });
  });

  it('gives a batch handler arrays, and a single event as a batch of one', async () => {
    const seen = app.get(Seen);
    seen.calls.length = 0;
    const handler = host.handlerOf(Topics.SeatHeld);
    await handler.handleBatch?.([
      { event: envelope('a') as never, context: contextOf(Topics.SeatHeld, 1) },
      { event: envelope('b') as never, context: contextOf(Topics.SeatHeld, 2) },
    ]);
    await handler.handle(envelope('c') as never, contextOf(Topics.SeatHeld, 3));

    expect(seen.calls.map(({ payload }) => (payload as Array<EventEnvelope<PlatformProbe>>).map((event) => event.payload.note))).toEqual([['a', 'b'], ['c']]);
    expect((seen.calls[0]?.context as SagaBatchContext).deliveries.map((delivery) => delivery.offset)).toEqual(['1', '2']);
  });

  it('stops the consumer loop when the microservice closes', async () => {
    const other = new RecordingHost();
    const service = await NestFactory.createMicroservice(ProbeModule, { strategy: new SagaTransport(other as unknown as EventConsumerHost), logger: false });
    await service.listen();
    await service.close();
    expect(other.stopped).toBe(1);
  });
});
