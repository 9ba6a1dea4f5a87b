import { fixKafkajsRequestQueue, kafkajsRequestQueue } from './kafkajs-request-queue.fix';

interface TestRequestQueue {
  pending: unknown[];
  throttleCheckTimeoutId: unknown;
  push(request: { entry: { correlationId: number; resolve: () => void; reject: () => void }; expectResponse: boolean; sendRequest: () => void }): void;
  fulfillRequest(response: { correlationId: number; payload: Buffer; size: number }): void;
  maybeThrottle(ms: number): void;
  destroy(): void;
}

const silent = { debug: () => undefined, info: () => undefined, warn: () => undefined, error: () => undefined };

function newQueue(maxInFlightRequests?: number): TestRequestQueue {
  const RequestQueue = kafkajsRequestQueue() as unknown as new (options: object) => TestRequestQueue;
  return new RequestQueue({ maxInFlightRequests, requestTimeout: 30_000, enforceRequestTimeout: false, clientId: 'test', broker: 'b:9092', logger: silent });
}

function request(correlationId: number, sent: number[]) {
  return { entry: { correlationId, resolve: () => undefined, reject: () => undefined }, expectResponse: true, sendRequest: () => sent.push(correlationId) };
}

describe('kafkajs request queue fix', () => {
  beforeAll(() => fixKafkajsRequestQueue());
  beforeEach(() => jest.useFakeTimers());
  afterEach(() => jest.useRealTimers());

  it('leaves no timer behind once a connection has nothing pending (the idle loop of kafkajs 2.2.4)', () => {
    const queue = newQueue();
    const sent: number[] = [];
    queue.push(request(1, sent));
    queue.fulfillRequest({ correlationId: 1, payload: Buffer.alloc(0), size: 0 });

    expect(sent).toEqual([1]);
    expect(queue.throttleCheckTimeoutId).toBeNull();
    expect(jest.getTimerCount()).toBe(0);
  });

  it('sends a request that waited for a throttle once the throttle ends', () => {
    const queue = newQueue();
    const sent: number[] = [];
    queue.maybeThrottle(200);
    queue.push(request(1, sent));
    expect(sent).toEqual([]);

    jest.advanceTimersByTime(199);
    expect(sent).toEqual([]);
    jest.advanceTimersByTime(1);
    expect(sent).toEqual([1]);
    queue.destroy();
  });

  it('sends a request that waited for a free in-flight slot when a response frees one', () => {
    const queue = newQueue(1);
    const sent: number[] = [];
    queue.push(request(1, sent));
    queue.push(request(2, sent));
    expect(sent).toEqual([1]);
    expect(queue.pending).toHaveLength(1);

    queue.fulfillRequest({ correlationId: 1, payload: Buffer.alloc(0), size: 0 });
    expect(sent).toEqual([1, 2]);
    expect(queue.pending).toHaveLength(0);
    jest.runOnlyPendingTimers();
    expect(jest.getTimerCount()).toBe(0);
  });
});
