import { QueueTokenStatus } from '@concert/contracts';
import { Logger } from '@nestjs/common';
import { FakeClock, strictMock } from '../../../test/fakes';
import type { AuthenticatedToken, GetQueueStatusUseCase } from '../application/get-queue-status/get-queue-status.use-case';
import type { QueueTokenView } from '../application/queue-token-view';
import { type EventStreamSink, HEARTBEAT, QueueStatusStreamHub } from './queue-status-stream.hub';

class RecordingSink implements EventStreamSink {
  readonly chunks: string[] = [];
  ended = false;

  write(chunk: string): void {
    this.chunks.push(chunk);
  }

  end(): void {
    this.ended = true;
  }

  events(): QueueTokenView[] {
    return this.chunks.filter((chunk) => chunk.startsWith('data: ')).map((chunk) => JSON.parse(chunk.slice(6)) as QueueTokenView);
  }
}

const userId = '5f0c9a36-2b1e-4a55-8f6e-1f1e9d2c3b4a';
const concertId = '0192f1a4-7c3e-7b21-9d4f-2a6b8c0e1f35';

function tokenOf(tokenId: string): AuthenticatedToken {
  return { token: `token-of-${tokenId}`, claims: { tokenId, userId, issuedAtSeconds: 1, concertId } };
}

function waiting(tokenId: string, position: number): QueueTokenView {
  return { token: `token-of-${tokenId}`, userId, concertId, status: QueueTokenStatus.WAITING, position, estimatedWaitSeconds: position, expiresAt: null, opensAt: null };
}

function active(tokenId: string): QueueTokenView {
  return { token: `token-of-${tokenId}`, userId, concertId, status: QueueTokenStatus.ACTIVE, position: null, estimatedWaitSeconds: 0, expiresAt: '2030-01-01T12:10:00.000Z', opensAt: null };
}

function expired(tokenId: string): QueueTokenView {
  return { token: `token-of-${tokenId}`, userId, concertId, status: QueueTokenStatus.EXPIRED, position: null, estimatedWaitSeconds: 0, expiresAt: null, opensAt: null };
}

describe('QueueStatusStreamHub', () => {
  let clock: FakeClock;
  let current: Map<string, QueueTokenView | null>;
  let status: jest.Mocked<GetQueueStatusUseCase>;
  let sut: QueueStatusStreamHub;

  beforeEach(() => {
    clock = new FakeClock();
    current = new Map();
    status = strictMock<GetQueueStatusUseCase>({
      viewsOf: async (tokens: readonly AuthenticatedToken[]) => tokens.map((token) => current.get(token.claims.tokenId) ?? null),
    });
    sut = new QueueStatusStreamHub(status, clock, { QUEUE_EVENTS_TICK_MS: 60_000, QUEUE_EVENTS_HEARTBEAT_MS: 15_000 });
  });

  afterEach(async () => {
    await sut.onModuleDestroy();
  });

  it('sends the current state at once, then only when status or position changes', async () => {
    const sink = new RecordingSink();
    sut.open(tokenOf('a'), waiting('a', 3), sink);
    current.set('a', waiting('a', 3));

    await sut.tick();
    current.set('a', { ...waiting('a', 2), estimatedWaitSeconds: 99 });
    await sut.tick();
    current.set('a', { ...waiting('a', 2), estimatedWaitSeconds: 50 });
    await sut.tick();
    current.set('a', active('a'));
    await sut.tick();

    expect(sink.events().map((event) => [event.status, event.position])).toEqual([
      [QueueTokenStatus.WAITING, 3],
      [QueueTokenStatus.WAITING, 2],
      [QueueTokenStatus.ACTIVE, null],
    ]);
    expect(sink.ended).toBe(false);
  });

  it('reads each distinct token once per tick, whatever the number of streams', async () => {
    const sinks = [new RecordingSink(), new RecordingSink(), new RecordingSink()];
    sut.open(tokenOf('a'), waiting('a', 1), sinks[0]);
    sut.open(tokenOf('a'), waiting('a', 1), sinks[1]);
    sut.open(tokenOf('b'), waiting('b', 2), sinks[2]);
    current.set('a', waiting('a', 1));
    current.set('b', waiting('b', 1));

    await sut.tick();

    expect(status.viewsOf).toHaveBeenCalledTimes(1);
    expect(status.viewsOf.mock.calls[0][0].map((token) => token.claims.tokenId)).toEqual(['a', 'b']);
    expect(sinks[2].events().map((event) => event.position)).toEqual([2, 1]);
  });

  it('sends a heartbeat comment on a quiet stream', async () => {
    const sink = new RecordingSink();
    sut.open(tokenOf('a'), waiting('a', 1), sink);
    current.set('a', waiting('a', 1));

    clock.advance(14_999);
    await sut.tick();
    expect(sink.chunks).not.toContain(HEARTBEAT);
    clock.advance(1);
    await sut.tick();
    expect(sink.chunks.filter((chunk) => chunk === HEARTBEAT)).toHaveLength(1);
  });

  it('sends EXPIRED and ends the stream', async () => {
    const sink = new RecordingSink();
    sut.open(tokenOf('a'), active('a'), sink);
    current.set('a', expired('a'));

    await sut.tick();

    expect(sink.events().at(-1)?.status).toBe(QueueTokenStatus.EXPIRED);
    expect(sink.ended).toBe(true);
    expect(sut.size).toBe(0);
  });

  it('ends at once a stream opened on an expired token', () => {
    const sink = new RecordingSink();
    sut.open(tokenOf('a'), expired('a'), sink);
    expect(sink.ended).toBe(true);
    expect(sut.size).toBe(0);
  });

  it('forgets a stream whose client went away and stops reading for it', async () => {
    const sink = new RecordingSink();
    const close = sut.open(tokenOf('a'), waiting('a', 1), sink);
    close();
    close();

    await sut.tick();

    expect(sut.size).toBe(0);
    expect(status.viewsOf).not.toHaveBeenCalled();
  });

  it('keeps streams open when a read fails, and carries on at the next tick', async () => {
    const logged = jest.spyOn(Logger.prototype, 'error').mockImplementation(() => undefined);
    jest.spyOn(Logger.prototype, 'log').mockImplementation(() => undefined);
    const sink = new RecordingSink();
    sut.open(tokenOf('a'), waiting('a', 2), sink);
    status.viewsOf.mockRejectedValueOnce(new Error('redis down'));
    await sut.tick();
    current.set('a', waiting('a', 1));
    await sut.tick();

    expect(sink.events().map((event) => event.position)).toEqual([2, 1]);
    expect(sink.ended).toBe(false);
    expect(logged).toHaveBeenCalledTimes(1);
  });

  it('ends every stream on shutdown', async () => {
    const sinks = [new RecordingSink(), new RecordingSink()];
    sut.open(tokenOf('a'), waiting('a', 1), sinks[0]);
    sut.open(tokenOf('b'), waiting('b', 2), sinks[1]);

    await sut.onModuleDestroy();

    expect(sinks.map((sink) => sink.ended)).toEqual([true, true]);
  });
});
