import type { Clock } from '../src/queue/domain/clock';
import type { QueueSettings } from '../src/queue/domain/queue-settings';
import type { ConcertDirectory, ConcertRoomDefaults } from '../src/queue/application/ports/concert-directory.port';
import type { QueueMetrics, RoomSizes } from '../src/queue/application/ports/queue-metrics.port';

export class FakeClock implements Clock {
  constructor(public ms: number = Date.parse('2030-01-01T00:00:00.000Z')) {}

  now(): number {
    return this.ms;
  }

  advance(ms: number): void {
    this.ms += ms;
  }
}

/**
 * A strict mock: the given methods become jest mocks, any other member access fails the test
 * (an unstubbed call is a defect, not a silent `undefined`).
 */
export function strictMock<T extends object>(implementation: { [K in keyof T]?: T[K] }): jest.Mocked<T> {
  const mocks = new Map<PropertyKey, unknown>();
  for (const [name, value] of Object.entries(implementation)) {
    mocks.set(name, typeof value === 'function' ? jest.fn(value as (...args: unknown[]) => unknown) : value);
  }
  return new Proxy({} as jest.Mocked<T>, {
    get(_target, property) {
      if (mocks.has(property)) return mocks.get(property);
      if (property === 'then' || typeof property === 'symbol') return undefined;
      throw new Error(`unexpected use of ${String(property)} on a strict mock`);
    },
  });
}

export class RecordingQueueMetrics implements QueueMetrics {
  readonly admissions: number[] = [];
  readonly expirations: Array<{ reason: string; count: number }> = [];
  roomSizes: RoomSizes[] | undefined;

  admitted(waitsMs: readonly number[]): void {
    this.admissions.push(...waitsMs);
  }

  expired(reason: 'ACTIVE_TIMEOUT' | 'IDLE' | 'PAID', count: number): void {
    this.expirations.push({ reason, count });
  }

  rooms(rooms: readonly RoomSizes[]): void {
    this.roomSizes = [...rooms];
  }
}

export const testSettings: QueueSettings = {
  maxActiveUsers: 100,
  admitIntervalMs: 1000,
  activeSeconds: 600,
  waitingIdleSeconds: 300,
  tokenRetentionSeconds: 86_400,
  idleTokenRetentionSeconds: 300,
  cleanupBatchSize: 1000,
  rateWindowSeconds: 60,
  admissionLatencyTargetMs: 0,
  adaptiveMinActiveUsers: 10,
};

/**
 * concert-service as queue-service sees it: every concert exists when constructed without a list
 * (tests not about the concert check), only the listed ones otherwise, each with the room
 * settings given (the defaults otherwise). Records what it was asked.
 */
export class FakeConcertDirectory implements ConcertDirectory {
  readonly asked: Array<{ concertId: string; requestId: string | undefined }> = [];
  private readonly known: ReadonlySet<string> | undefined;

  constructor(
    known?: Iterable<string>,
    private readonly rooms: ReadonlyMap<string, Partial<ConcertRoomDefaults>> = new Map(),
  ) {
    this.known = known === undefined ? undefined : new Set([...known].map((concertId) => concertId.toLowerCase()));
  }

  async find(concertId: string, requestId?: string): Promise<ConcertRoomDefaults | null> {
    this.asked.push({ concertId, requestId });
    if (this.known !== undefined && !this.known.has(concertId)) return null;
    return { maxActiveUsers: null, activeSeconds: null, saleOpensAtMs: null, ...this.rooms.get(concertId) };
  }
}
