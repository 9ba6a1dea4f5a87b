import { EventEmitter } from 'node:events';
import { type SupervisedConsumer, SupervisedSubscription } from './kafkajs-message-bus';

const EVENTS = { CRASH: 'consumer.crash', GROUP_JOIN: 'consumer.group_join' };

/** A stand-in for a kafkajs consumer: emits the instrumentation events the supervision listens to. */
class FakeConsumer {
  readonly emitter = new EventEmitter();
  readonly events = EVENTS;
  disconnected = 0;

  on(event: string, listener: (event: { payload: unknown }) => void): () => void {
    this.emitter.on(event, listener);
    return () => this.emitter.off(event, listener);
  }

  async disconnect(): Promise<void> {
    this.disconnected++;
  }

  crash(restart: boolean, error = new TypeError('boom')): void {
    this.emitter.emit(EVENTS.CRASH, { payload: { error, groupId: 'g', restart } });
  }

  joined(): void {
    this.emitter.emit(EVENTS.GROUP_JOIN, { payload: {} });
  }
}

const silent = { log: () => undefined, warn: () => undefined, error: jest.fn() };

function supervise(failStarts: number[] = []) {
  const consumers: FakeConsumer[] = [];
  let attempts = 0;
  const subscription = new SupervisedSubscription(
    'g',
    async (watch) => {
      attempts++;
      if (failStarts.includes(attempts)) throw new Error(`start ${attempts} failed`);
      const consumer = new FakeConsumer();
      watch(consumer as unknown as SupervisedConsumer);
      consumers.push(consumer);
      return consumer as unknown as SupervisedConsumer;
    },
    silent,
  );
  return { subscription, consumers, attempts: () => attempts };
}

describe('SupervisedSubscription', () => {
  beforeEach(() => jest.useFakeTimers());
  afterEach(() => jest.useRealTimers());

  it('builds a new consumer after the client gave up on one, and not before the delay', async () => {
    const { subscription, consumers } = supervise();
    await subscription.start();

    consumers[0]?.crash(false);
    await jest.advanceTimersByTimeAsync(999);
    expect(consumers).toHaveLength(1);
    await jest.advanceTimersByTimeAsync(1);

    expect(consumers).toHaveLength(2);
    expect(consumers[0]?.disconnected).toBe(1);
    await subscription.stop();
    expect(consumers[1]?.disconnected).toBe(1);
  });

  it('leaves a crash the client restarts itself to the client', async () => {
    const { subscription, consumers } = supervise();
    await subscription.start();

    consumers[0]?.crash(true);
    await jest.advanceTimersByTimeAsync(60_000);

    expect(consumers).toHaveLength(1);
    await subscription.stop();
  });

  it('doubles the delay while new consumers fail to start, and starts over once one joined its group', async () => {
    const { subscription, consumers, attempts } = supervise([2, 3]);
    await subscription.start();

    consumers[0]?.crash(false);
    await jest.advanceTimersByTimeAsync(1_000); // attempt 2 fails
    expect(attempts()).toBe(2);
    await jest.advanceTimersByTimeAsync(1_999);
    expect(attempts()).toBe(2);
    await jest.advanceTimersByTimeAsync(1); // attempt 3, after 2 s, fails
    expect(attempts()).toBe(3);
    await jest.advanceTimersByTimeAsync(4_000); // attempt 4, after 4 s, starts
    expect(attempts()).toBe(4);
    expect(consumers).toHaveLength(2);

    consumers[1]?.joined();
    consumers[1]?.crash(false);
    await jest.advanceTimersByTimeAsync(1_000);
    expect(consumers).toHaveLength(3);
    await subscription.stop();
  });

  it('builds nothing once stopped, even when a rebuild was due', async () => {
    const { subscription, consumers } = supervise();
    await subscription.start();

    consumers[0]?.crash(false);
    await subscription.stop();
    await jest.advanceTimersByTimeAsync(60_000);

    expect(consumers).toHaveLength(1);
    expect(jest.getTimerCount()).toBe(0);
  });
});
