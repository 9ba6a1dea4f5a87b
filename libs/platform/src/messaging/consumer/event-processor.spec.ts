import type { LoggerService } from '@nestjs/common';
import { type EventEnvelope, type PlatformProbe, Topics } from '@concert/contracts';
import type { EntityManager } from 'typeorm';
import { encodeEvent } from '../event-codec';
import type { IncomingMessage } from '../message-bus.port';
import type { EventContext, EventHandler, HandledEvent } from './event-handler';
import type { DeadLetter, EventInbox, InboxOutcome, RunOnceOptions } from './event-inbox';
import { EventProcessor } from './event-processor';

/** In-memory inbox: remembers handled ids per group; a failing effect leaves no mark (like a rollback). */
class FakeInbox implements EventInbox {
  handled = new Set<string>();
  parked: DeadLetter[] = [];
  readonly manager = {} as EntityManager;

  connections: Array<string | undefined> = [];

  async runOnce(
    group: string,
    eventId: string,
    effect: (manager?: EntityManager) => Promise<void>,
    options?: RunOnceOptions,
  ): Promise<InboxOutcome> {
    this.connections.push(options?.connections);
    if (this.handled.has(`${group}/${eventId}`)) return 'duplicate';
    await effect(this.manager);
    this.handled.add(`${group}/${eventId}`);
    return 'handled';
  }

  transactions = 0;

  async runBatchOnce(group: string, eventIds: readonly string[], effect: (fresh: ReadonlySet<string>, manager: EntityManager) => Promise<void>): Promise<void> {
    this.transactions++;
    const fresh = new Set(eventIds.filter((id) => !this.handled.has(`${group}/${id}`)));
    await effect(fresh, this.manager);
    for (const id of fresh) this.handled.add(`${group}/${id}`);
  }

  async park(letter: DeadLetter): Promise<void> {
    this.parked.push(letter);
  }
}

class ProbeHandler implements EventHandler<typeof Topics.PlatformProbe> {
  readonly topic = Topics.PlatformProbe;
  calls: Array<{ event: EventEnvelope<PlatformProbe>; context: EventContext }> = [];
  failuresLeft = 0;
  /** Failures of the handler's connection still to come (SQLSTATE 08006), before failuresLeft. */
  connectionFailuresLeft = 0;
  /** Probe ids whose handling fails (once each). */
  failOnce = new Set<string>();
  committed: string[] = [];

  async handle(event: EventEnvelope<PlatformProbe>, context: EventContext): Promise<void> {
    this.calls.push({ event, context });
    if (this.connectionFailuresLeft > 0) {
      this.connectionFailuresLeft--;
      throw Object.assign(new Error('connection failure during authentication'), { code: '08006' });
    }
    if (this.failuresLeft > 0) {
      this.failuresLeft--;
      throw new Error('database unavailable');
    }
    if (this.failOnce.delete(event.payload.probeId)) throw new Error(`cannot apply ${event.payload.probeId}`);
    context.afterCommit(() => this.committed.push(event.payload.probeId));
  }
}

const silentLogger: LoggerService = { log: () => undefined, warn: () => undefined, error: () => undefined };
const eventId = '5a0c1f0e-7c1b-4d7e-9f43-0d6c2f6b8a11';

function probeMessage(offset = '4', id = eventId, probeId = 'p1'): IncomingMessage {
  const message = encodeEvent({
    id,
    topic: Topics.PlatformProbe,
    key: 'agg',
    payload: { probeId, note: 'n' },
    headers: { 'request-id': 'req-1' },
    occurredAt: '2025-01-01T00:00:00.000Z',
  });
  return { topic: message.topic, partition: 2, offset, key: message.key, value: message.value, headers: message.headers };
}

describe('EventProcessor', () => {
  let inbox: FakeInbox;
  let handler: ProbeHandler;
  let sleeps: number[];
  let sut: EventProcessor;

  beforeEach(() => {
    inbox = new FakeInbox();
    handler = new ProbeHandler();
    sleeps = [];
    sut = new EventProcessor(inbox, { consumerGroup: 'g', maxAttempts: 4, retryBaseMs: 100, retryMaxMs: 300, sleep: async (ms) => void sleeps.push(ms) }, silentLogger);
    sut.add(handler);
  });

  it('runs the handler with the validated envelope and the inbox transaction manager', async () => {
    await expect(sut.process(probeMessage())).resolves.toBe('handled');

    expect(handler.calls).toHaveLength(1);
    expect(handler.calls[0].event).toEqual({ eventId, eventType: Topics.PlatformProbe, occurredAt: '2025-01-01T00:00:00.000Z', payload: { probeId: 'p1', note: 'n' } });
    expect(handler.calls[0].context).toEqual({ topic: Topics.PlatformProbe, partition: 2, offset: '4', requestId: 'req-1', manager: inbox.manager, afterCommit: expect.any(Function) });
    expect(handler.committed).toEqual(['p1']);
  });

  it("asks the inbox for the connections the handler names: kept unless it says shared", async () => {
    await sut.process(probeMessage('4'));
    const shared = new EventProcessor(inbox, { consumerGroup: 'h', maxAttempts: 1, retryMaxMs: 1 }, silentLogger);
    shared.add({ topic: Topics.PlatformProbe, connections: 'shared', handle: async () => undefined });
    await shared.process(probeMessage('5'));

    expect(inbox.connections).toEqual(['kept', 'shared']);
  });

  it('skips the handler for an event the group already handled (redelivery)', async () => {
    await sut.process(probeMessage('4'));

    await expect(sut.process(probeMessage('9'))).resolves.toBe('duplicate');
    expect(handler.calls).toHaveLength(1);
  });

  it('retries a failing handler with capped exponential backoff, then succeeds', async () => {
    handler.failuresLeft = 3;

    await expect(sut.process(probeMessage())).resolves.toBe('handled');
    expect(handler.calls).toHaveLength(4);
    expect(sleeps).toEqual([100, 200, 300]);
    expect(inbox.parked).toEqual([]);
  });

  it('parks the message after maxAttempts failures, keeping the original message', async () => {
    handler.failuresLeft = 100;
    const message = probeMessage();

    await expect(sut.process(message)).resolves.toBe('parked');
    expect(handler.calls).toHaveLength(4);
    expect(inbox.parked).toEqual([
      { consumerGroup: 'g', topic: message.topic, partition: 2, offset: '4', key: 'agg', value: message.value, headers: message.headers, error: 'database unavailable', attempts: 4 },
    ]);
    expect(inbox.handled.size).toBe(0);
  });

  it('waits out failures of the infrastructure without counting them towards parking', async () => {
    handler.connectionFailuresLeft = 10;
    handler.failuresLeft = 3;

    await expect(sut.process(probeMessage())).resolves.toBe('handled');
    expect(handler.calls).toHaveLength(14);
    expect(sleeps).toEqual([100, 200, 300, 300, 300, 300, 300, 300, 300, 300, 100, 200, 300]);
    expect(inbox.parked).toEqual([]);
  });

  it('leaves a message whose infrastructure fails uncommitted once stopping, neither retried nor parked', async () => {
    handler.connectionFailuresLeft = 1;
    sut.stop();

    await expect(sut.process(probeMessage())).rejects.toThrow('connection failure during authentication');
    expect(sleeps).toEqual([]);
    expect(inbox.parked).toEqual([]);
  });

  it('parks a malformed message at once without calling the handler', async () => {
    await expect(sut.process({ ...probeMessage(), value: 'garbage' })).resolves.toBe('malformed');

    expect(handler.calls).toHaveLength(0);
    expect(sleeps).toEqual([]);
    expect(inbox.parked).toEqual([expect.objectContaining({ value: 'garbage', error: 'value is not JSON', attempts: 0 })]);
  });

  it('rejects when even parking fails, so the offset is not committed', async () => {
    inbox.park = async () => {
      throw new Error('database down');
    };

    await expect(sut.process({ ...probeMessage(), value: 'garbage' })).rejects.toThrow('database down');
  });

  it('refuses a second handler for the same topic in one group', () => {
    expect(() => sut.add(new ProbeHandler())).toThrow(/already has a handler for platform.probe.v1/);
  });

  describe('batches', () => {
    const ids = ['0b8f7a52-0c55-4c0e-8f55-4b1e2f8d0001', '0b8f7a52-0c55-4c0e-8f55-4b1e2f8d0002', '0b8f7a52-0c55-4c0e-8f55-4b1e2f8d0003'];
    const batch = (): IncomingMessage[] => ids.map((id, i) => probeMessage(String(10 + i), id, `p${i + 1}`));

    it('handles a partition batch in order in one inbox transaction and runs after-commit work once', async () => {
      await expect(sut.processBatch(batch())).resolves.toEqual(['handled', 'handled', 'handled']);

      expect(inbox.transactions).toBe(1);
      expect(handler.calls.map((call) => [call.event.payload.probeId, call.context.offset, call.context.manager])).toEqual([
        ['p1', '10', inbox.manager],
        ['p2', '11', inbox.manager],
        ['p3', '12', inbox.manager],
      ]);
      expect(handler.committed).toEqual(['p1', 'p2', 'p3']);
    });

    it('skips events handled before and an event delivered twice within the batch', async () => {
      await sut.process(probeMessage('1', ids[1], 'p2'));
      handler.calls = [];
      const [first, second, third] = batch();

      await expect(sut.processBatch([first, second, third, { ...third, offset: '13' }])).resolves.toEqual(['handled', 'duplicate', 'handled', 'duplicate']);
      expect(handler.calls.map((call) => call.event.payload.probeId)).toEqual(['p1', 'p3']);
    });

    it('falls back to one message at a time when the batch fails, so nothing is lost or applied twice', async () => {
      handler.failOnce.add('p2');

      await expect(sut.processBatch(batch())).resolves.toEqual(['handled', 'handled', 'handled']);

      // The batch rolled back (p1 ran, p2 threw), then each message in its own transaction.
      expect(handler.calls.map((call) => call.event.payload.probeId)).toEqual(['p1', 'p2', 'p1', 'p2', 'p3']);
      expect(handler.committed).toEqual(['p1', 'p2', 'p3']);
      expect([...inbox.handled].sort()).toEqual(ids.map((id) => `g/${id}`).sort());
    });

    it('opens no transaction for a batch with nothing to handle', async () => {
      const [first, second] = batch();

      await expect(sut.processBatch([{ ...first, value: 'garbage' }, { ...second, value: '{}' }])).resolves.toEqual(['malformed', 'malformed']);
      expect(inbox.transactions).toBe(0);
      expect(inbox.parked).toHaveLength(2);
    });

    it('parks a malformed message of a batch on its own and handles the rest together', async () => {
      const [first, second] = batch();

      await expect(sut.processBatch([first, { ...second, value: 'garbage' }, batch()[2]])).resolves.toEqual(['handled', 'malformed', 'handled']);
      expect(inbox.parked).toEqual([expect.objectContaining({ offset: '11', error: 'value is not JSON' })]);
      expect(inbox.transactions).toBe(1);
      expect(handler.committed).toEqual(['p1', 'p3']);
    });

    describe('with a handler that handles batches', () => {
      class BatchProbeHandler extends ProbeHandler {
        batches: string[][] = [];

        async handleBatch(events: ReadonlyArray<HandledEvent<typeof Topics.PlatformProbe>>): Promise<void> {
          this.batches.push(events.map(({ event, context }) => `${event.payload.probeId}@${context.offset}`));
          for (const { event, context } of events) {
            if (this.failOnce.delete(event.payload.probeId)) throw new Error(`cannot apply ${event.payload.probeId}`);
            context.afterCommit(() => this.committed.push(event.payload.probeId));
          }
        }
      }
      let batching: BatchProbeHandler;

      beforeEach(() => {
        batching = new BatchProbeHandler();
        sut = new EventProcessor(inbox, { consumerGroup: 'g', maxAttempts: 4, retryBaseMs: 100, retryMaxMs: 300, sleep: async () => undefined }, silentLogger);
        sut.add(batching);
      });

      it('hands it the new events of the batch in one call, in offset order, with the transaction manager', async () => {
        await sut.process(probeMessage('1', ids[1], 'p2'));
        const [first, second, third] = batch();

        await expect(sut.processBatch([first, second, third, { ...third, offset: '13' }])).resolves.toEqual(['handled', 'duplicate', 'handled', 'duplicate']);
        expect(batching.batches).toEqual([['p1@10', 'p3@12']]);
        expect(batching.calls.map((call) => call.event.payload.probeId)).toEqual(['p2']);
        expect(batching.committed).toEqual(['p2', 'p1', 'p3']);
        expect(inbox.transactions).toBe(1);
      });

      it('calls handle for a single new event', async () => {
        const [first] = batch();
        await sut.process(probeMessage('1', ids[1], 'p2'));

        await expect(sut.processBatch([first, batch()[1]])).resolves.toEqual(['handled', 'duplicate']);
        expect(batching.batches).toEqual([]);
        expect(batching.calls.map((call) => call.event.payload.probeId)).toEqual(['p2', 'p1']);
      });

      it('falls back to one message at a time through handle when the batch call fails', async () => {
        batching.failOnce.add('p2');

        await expect(sut.processBatch(batch())).resolves.toEqual(['handled', 'handled', 'handled']);
        expect(batching.batches).toEqual([['p1@10', 'p2@11', 'p3@12']]);
        expect(batching.calls.map((call) => call.event.payload.probeId)).toEqual(['p1', 'p2', 'p3']);
        expect(batching.committed).toEqual(['p1', 'p2', 'p3']);
      });
    });
  });
});
