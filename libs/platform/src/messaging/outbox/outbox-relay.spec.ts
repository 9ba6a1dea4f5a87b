import type { LoggerService } from '@nestjs/common';
import type { MessagePublisher, OutgoingMessage } from '../message-bus.port';
import { OutboxRelay, type OutboxRelaySettings } from './outbox-relay';
import type { OutboxBatch, OutboxFailure, OutboxRecord, OutboxStore } from './outbox-store';

interface Row extends OutboxRecord {
  availableAt: number;
  sentAt?: number;
  parkedAt?: number;
  lastError?: string;
}

/** In-memory outbox with the claim semantics of the SQL (due, unsent, unparked, oldest first). */
class FakeOutboxStore implements OutboxStore {
  rows: Row[] = [];

  constructor(private readonly clock: { now: number }) {}

  add(id: string, topic = 'platform.probe.v1', createdAt = this.clock.now, attempts = 0): void {
    this.rows.push({ id, topic, key: `key-${id}`, payload: { probeId: id, note: '' }, headers: { 'occurred-at': new Date(createdAt).toISOString() }, createdAt: new Date(createdAt), attempts, availableAt: createdAt });
  }

  async withDueBatch<T>(limit: number, work: (batch: OutboxBatch) => Promise<T>): Promise<T> {
    const due = this.rows
      .filter((row) => row.sentAt === undefined && row.parkedAt === undefined && row.availableAt <= this.clock.now)
      .sort((a, b) => a.createdAt.getTime() - b.createdAt.getTime())
      .slice(0, limit);
    return work({
      records: due.map(({ id, topic, key, payload, headers, createdAt, attempts }) => ({ id, topic, key, payload, headers, createdAt, attempts })),
      markSent: async (ids) => {
        for (const row of this.rows) if (ids.includes(row.id)) row.sentAt = this.clock.now;
      },
      markFailed: async (failures: OutboxFailure[]) => {
        for (const failure of failures) {
          const row = this.rows.find((candidate) => candidate.id === failure.id)!;
          row.attempts = failure.attempts;
          row.lastError = failure.error;
          row.availableAt = this.clock.now + failure.retryInMs;
          if (failure.park) row.parkedAt = this.clock.now;
        }
      },
    });
  }

  async deleteSent(): Promise<number> {
    throw new Error('not expected in this test');
  }

  async countUnsent(): Promise<{ pending: number; parked: number }> {
    throw new Error('not expected in this test');
  }
}

class FakePublisher implements MessagePublisher {
  calls: OutgoingMessage[][] = [];
  failWith?: Error;

  async publish(messages: OutgoingMessage[]): Promise<void> {
    this.calls.push(messages);
    if (this.failWith) throw this.failWith;
  }
}

const silentLogger: LoggerService = { log: () => undefined, warn: () => undefined, error: () => undefined };

describe('OutboxRelay', () => {
  const settings: OutboxRelaySettings = {
    batchSize: 3,
    maxAttempts: 3,
    retryBaseMs: 200,
    retryMaxMs: 30_000,
    pollIntervalMs: 500,
    retentionHours: 24,
    housekeepingIntervalMs: 10_000,
    cleanupBatchSize: 500,
  };
  let clock: { now: number };
  let store: FakeOutboxStore;
  let publisher: FakePublisher;
  let sut: OutboxRelay;

  beforeEach(() => {
    clock = { now: Date.parse('2025-01-01T00:00:00Z') };
    store = new FakeOutboxStore(clock);
    publisher = new FakePublisher();
    sut = new OutboxRelay(store, publisher, settings, silentLogger, () => clock.now);
  });

  it('claims up to batchSize due rows, oldest first, publishes them in one call and marks them sent', async () => {
    store.add('c', undefined, clock.now - 1_000);
    store.add('a', undefined, clock.now - 3_000);
    store.add('d', undefined, clock.now);
    store.add('b', undefined, clock.now - 2_000);

    await expect(sut.relayBatch()).resolves.toEqual({ claimed: 3, sent: 3, failed: 0, parked: 0 });

    expect(publisher.calls).toHaveLength(1);
    expect(publisher.calls[0].map((message) => message.key)).toEqual(['key-a', 'key-b', 'key-c']);
    expect(JSON.parse(publisher.calls[0][0].value)).toMatchObject({ eventId: 'a', eventType: 'platform.probe.v1', payload: { probeId: 'a' } });
    expect(store.rows.filter((row) => row.sentAt !== undefined).map((row) => row.id).sort()).toEqual(['a', 'b', 'c']);
  });

  it('does not call the publisher when nothing is due', async () => {
    await expect(sut.relayBatch()).resolves.toEqual({ claimed: 0, sent: 0, failed: 0, parked: 0 });
    expect(publisher.calls).toHaveLength(0);
  });

  it('on a failed publish counts the attempt, keeps the error and backs off exponentially', async () => {
    store.add('a');
    publisher.failWith = new Error('broker down');

    await expect(sut.relayBatch()).resolves.toEqual({ claimed: 1, sent: 0, failed: 1, parked: 0 });
    expect(store.rows[0]).toMatchObject({ attempts: 1, lastError: 'broker down', availableAt: clock.now + 200 });
    expect(store.rows[0].sentAt).toBeUndefined();

    // Not due during the backoff.
    await expect(sut.relayBatch()).resolves.toMatchObject({ claimed: 0 });
    clock.now += 200;
    await expect(sut.relayBatch()).resolves.toMatchObject({ claimed: 1, failed: 1 });
    expect(store.rows[0]).toMatchObject({ attempts: 2, availableAt: clock.now + 400 });
  });

  it('parks a row after maxAttempts failures and never claims it again', async () => {
    store.add('a', undefined, clock.now, settings.maxAttempts - 1);
    publisher.failWith = new Error('message too large');

    await expect(sut.relayBatch()).resolves.toEqual({ claimed: 1, sent: 0, failed: 0, parked: 1 });
    expect(store.rows[0]).toMatchObject({ attempts: 3, parkedAt: clock.now, lastError: 'message too large' });

    publisher.failWith = undefined;
    clock.now += 3_600_000;
    await expect(sut.relayBatch()).resolves.toMatchObject({ claimed: 0 });
  });

  it('publishes a retried row once the broker is back', async () => {
    store.add('a');
    publisher.failWith = new Error('broker down');
    await sut.relayBatch();
    publisher.failWith = undefined;
    clock.now += 200;

    await expect(sut.relayBatch()).resolves.toMatchObject({ claimed: 1, sent: 1 });
    expect(store.rows[0].sentAt).toBe(clock.now);
  });

  it('wakes from its poll sleep on wake() and stops cleanly', async () => {
    jest.useFakeTimers();
    try {
      const relay = new OutboxRelay(store, publisher, { ...settings, housekeepingIntervalMs: Number.MAX_SAFE_INTEGER }, silentLogger, () => clock.now);
      const batches = jest.spyOn(relay, 'relayBatch');
      relay.start();
      await jest.advanceTimersByTimeAsync(0);
      expect(batches).toHaveBeenCalledTimes(1);

      store.add('a');
      relay.wake();
      await jest.advanceTimersByTimeAsync(0);
      expect(batches).toHaveBeenCalledTimes(2);
      expect(store.rows[0].sentAt).toBeDefined();

      await jest.advanceTimersByTimeAsync(settings.pollIntervalMs);
      expect(batches).toHaveBeenCalledTimes(3);

      await relay.stop();
      await jest.advanceTimersByTimeAsync(10 * settings.pollIntervalMs);
      expect(batches).toHaveBeenCalledTimes(3);
    } finally {
      jest.useRealTimers();
    }
  });
});
