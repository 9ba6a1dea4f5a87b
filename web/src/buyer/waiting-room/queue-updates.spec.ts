import { ApiFailure } from '../../api/api-error';
import type { QueueToken } from '../../api/buyer-api';
import { type EventStream, POLL_EVERY_MS, type QueueUpdateMode, QueueUpdates } from './queue-updates';

function token(status: QueueToken['status'], position: number | null = null): QueueToken {
  return { token: 'v1.t', userId: 'u', concertId: 'c', status, position, estimatedWaitSeconds: 0, expiresAt: null, opensAt: null };
}

class FakeStream implements EventStream {
  onopen: ((event: Event) => void) | null = null;
  onmessage: ((event: MessageEvent<string>) => void) | null = null;
  onerror: ((event: Event) => void) | null = null;
  closed = false;

  constructor(readonly url: string) {}

  close(): void {
    this.closed = true;
  }

  push(body: QueueToken): void {
    this.onmessage?.({ data: JSON.stringify(body) } as MessageEvent<string>);
  }

  fail(): void {
    this.onerror?.({} as Event);
  }
}

/** Lets the promise callbacks queued so far (and those they queue) run. */
async function settle(): Promise<void> {
  for (let turn = 0; turn < 20; turn += 1) await Promise.resolve();
}

describe('QueueUpdates', () => {
  let streams: FakeStream[];
  let updates: QueueToken[];
  let modes: QueueUpdateMode[];
  let failures: ApiFailure[];
  let api: { streamTicket: jest.Mock; queueToken: jest.Mock };

  beforeEach(() => {
    jest.useFakeTimers();
    streams = [];
    updates = [];
    modes = [];
    failures = [];
    // Strict: a call the test did not stub fails it.
    api = {
      streamTicket: jest.fn(() => Promise.reject(new Error('streamTicket not stubbed'))),
      queueToken: jest.fn(() => Promise.reject(new Error('queueToken not stubbed'))),
    };
  });

  afterEach(() => jest.useRealTimers());

  function start(): QueueUpdates {
    const sut = new QueueUpdates(
      api,
      'v1.t',
      { update: (body) => updates.push(body), mode: (mode) => modes.push(mode), fail: (failure) => failures.push(failure) },
      (url) => {
        const stream = new FakeStream(url);
        streams.push(stream);
        return stream;
      },
    );
    sut.start();
    return sut;
  }

  it('opens the event stream with a stream ticket and follows it until the turn comes', async () => {
    api.streamTicket.mockResolvedValue({ ticket: 'a+b', expiresIn: 30 });
    start();
    await settle();

    expect(streams.map((stream) => stream.url)).toEqual(['/api/v1/queue/tokens/me/events?ticket=a%2Bb']);
    streams[0]?.onopen?.({} as Event);
    streams[0]?.push(token('WAITING', 2));
    streams[0]?.push(token('ACTIVE'));

    expect(modes).toEqual(['stream']);
    expect(updates.map((body) => body.status)).toEqual(['WAITING', 'ACTIVE']);
    expect(streams[0]?.closed).toBe(true);
  });

  it('polls instead when the stream is refused before saying anything', async () => {
    api.streamTicket.mockResolvedValue({ ticket: 't', expiresIn: 30 });
    api.queueToken.mockResolvedValueOnce(token('WAITING', 3)).mockResolvedValueOnce(token('ACTIVE'));
    start();
    await settle();

    streams[0]?.fail();
    await settle();
    expect(modes).toEqual(['polling']);
    expect(updates.map((body) => body.position)).toEqual([3]);

    jest.advanceTimersByTime(POLL_EVERY_MS);
    await settle();
    expect(updates.map((body) => body.status)).toEqual(['WAITING', 'ACTIVE']);
    jest.advanceTimersByTime(POLL_EVERY_MS * 3);
    await settle();
    expect(api.queueToken).toHaveBeenCalledTimes(2);
  });

  it('polls when no stream ticket can be had (the stream budget is spent)', async () => {
    api.streamTicket.mockRejectedValue(new ApiFailure('RATE_LIMITED', 429, 'slow down', 1));
    api.queueToken.mockResolvedValue(token('WAITING', 1));
    start();
    await settle();

    expect(modes).toEqual(['polling']);
    expect(updates).toHaveLength(1);
  });

  it('reopens a stream that broke after it had worked', async () => {
    api.streamTicket.mockResolvedValue({ ticket: 't', expiresIn: 30 });
    start();
    await settle();
    streams[0]?.push(token('WAITING', 5));

    streams[0]?.fail();
    jest.advanceTimersByTime(1_000);
    await settle();

    expect(streams).toHaveLength(2);
    expect(api.streamTicket).toHaveBeenCalledTimes(2);
  });

  it('stops and says so when the place is gone', async () => {
    api.streamTicket.mockRejectedValue(new ApiFailure('QUEUE_TOKEN_INVALID', 401, 'unknown'));
    start();
    await settle();

    expect(failures.map((failure) => failure.code)).toEqual(['QUEUE_TOKEN_INVALID']);
    expect(api.queueToken).not.toHaveBeenCalled();
  });

  it('does nothing more once stopped', async () => {
    api.streamTicket.mockResolvedValue({ ticket: 't', expiresIn: 30 });
    const sut = start();
    await settle();

    sut.stop();
    streams[0]?.fail();
    jest.advanceTimersByTime(POLL_EVERY_MS * 2);
    await settle();

    expect(streams[0]?.closed).toBe(true);
    expect(api.queueToken).not.toHaveBeenCalled();
  });
});
