import type { Concert } from '../../domain/concert';
import type { ReservationRecord, SeatStatus } from '../../domain/seat-availability';
import type { WaitingRoomSettings } from '../../domain/waiting-room';
import type { CatalogReadRepository, ConcertSummary, StoredSeatMap, UpcomingSchedules } from '../ports/catalog-read.repository.port';
import type { Clock } from '../ports/clock.port';
import type { ConcertRepository } from '../ports/concert.repository.port';
import type { IdGenerator } from '../ports/id-generator.port';
import type {
  CatalogCacheInvalidator,
  CatalogVersions,
  LockedSeat,
  SeatAvailabilityStore,
  SeatStatusUpdate,
} from '../ports/seat-availability.store.port';

export class FixedClock implements Clock {
  constructor(public current: Date) {}
  now(): Date {
    return new Date(this.current);
  }
}

export class SequentialIds implements IdGenerator {
  private next = 1;
  newId(): string {
    return `00000000-0000-4000-8000-${String(this.next++).padStart(12, '0')}`;
  }
}

/** The catalog in memory: concerts written by the repository fake, read by the read fake. */
export class InMemoryCatalog implements ConcertRepository, CatalogReadRepository {
  readonly concerts = new Map<string, { concert: Concert; version: number }>();
  readonly seatStatus = new Map<string, SeatStatus>();
  readonly available = new Map<string, number>();
  readonly scheduleVersions = new Map<string, number>();
  readonly events: Array<{ payload: unknown; requestId?: string; occurredAt: Date }> = [];

  async add(concert: Concert, context: { requestId?: string; occurredAt: Date }): Promise<boolean> {
    if (this.concerts.has(concert.id)) return false;
    this.concerts.set(concert.id, { concert, version: 1 });
    for (const schedule of concert.schedules) {
      this.available.set(schedule.id, schedule.seats.length);
      this.scheduleVersions.set(schedule.id, 1);
    }
    for (const payload of concert.scheduleCreatedEvents()) this.events.push({ payload, occurredAt: context.occurredAt, ...(context.requestId ? { requestId: context.requestId } : {}) });
    return true;
  }

  async exists(concertId: string): Promise<boolean> {
    return this.concerts.has(concertId);
  }

  async concertExists(concertId: string): Promise<boolean> {
    return this.concerts.has(concertId);
  }

  async findWaitingRoom(concertId: string): Promise<WaitingRoomSettings | null> {
    return this.concerts.get(concertId)?.concert.waitingRoom ?? null;
  }

  async listConcerts(): Promise<ConcertSummary[]> {
    return [...this.concerts.values()].map(({ concert }) => ({ concertId: concert.id, title: concert.title, venue: concert.venue }));
  }

  async findUpcomingSchedules(concertId: string, after: Date): Promise<UpcomingSchedules | null> {
    const entry = this.concerts.get(concertId);
    if (!entry) return null;
    return {
      concertVersion: entry.version,
      schedules: entry.concert.schedules
        .filter((schedule) => schedule.startsAt.getTime() > after.getTime())
        .map((schedule) => ({
          scheduleId: schedule.id,
          startsAt: schedule.startsAt,
          totalSeats: schedule.seats.length,
          availableSeats: this.available.get(schedule.id) ?? 0,
        })),
    };
  }

  async findSeatMap(scheduleId: string): Promise<StoredSeatMap | null> {
    for (const { concert } of this.concerts.values()) {
      const schedule = concert.schedules.find((candidate) => candidate.id === scheduleId);
      if (schedule) {
        return {
          scheduleId,
          concertId: concert.id,
          version: this.scheduleVersions.get(scheduleId) ?? 1,
          seats: schedule.seats.map((seat) => ({ ...seat, status: this.seatStatus.get(`${scheduleId}/${seat.seatNo}`) ?? 'AVAILABLE' })),
        };
      }
    }
    return null;
  }
}

interface FakeSeat {
  status: SeatStatus;
  holderId: string | null;
}

/** The availability view of one schedule in memory, with the same versioning rules as Postgres. */
export class InMemorySeatAvailabilityStore implements SeatAvailabilityStore {
  readonly seats = new Map<number, FakeSeat>();
  readonly records = new Map<string, ReservationRecord & { seatNo: number }>();
  available: number;
  scheduleVersion = 1;
  concertVersion = 1;
  readonly calls: string[] = [];

  constructor(
    readonly concertId: string,
    readonly scheduleId: string,
    seatCount = 50,
  ) {
    for (let seatNo = 1; seatNo <= seatCount; seatNo++) this.seats.set(seatNo, { status: 'AVAILABLE', holderId: null });
    this.available = seatCount;
  }

  async lockSeat(scheduleId: string, seatNo: number, reservationId: string): Promise<LockedSeat | null> {
    this.calls.push('lockSeat');
    const seat = scheduleId === this.scheduleId ? this.seats.get(seatNo) : undefined;
    if (!seat) return null;
    const records = [...this.records.values()]
      .filter((record) => record.seatNo === seatNo && (record.phase !== 'RELEASED' || record.reservationId === reservationId))
      .map(({ reservationId: id, phase, version }) => ({ reservationId: id, phase, version }));
    return { concertId: this.concertId, status: seat.status, holderId: seat.holderId, records };
  }

  async saveRecord(_scheduleId: string, seatNo: number, record: ReservationRecord): Promise<void> {
    this.calls.push('saveRecord');
    this.records.set(record.reservationId, { ...record, seatNo });
  }

  async saveHolder(_scheduleId: string, seatNo: number, holderId: string | null): Promise<void> {
    this.calls.push('saveHolder');
    this.seats.get(seatNo)!.holderId = holderId;
  }

  async saveStatus(update: SeatStatusUpdate): Promise<CatalogVersions> {
    this.calls.push('saveStatus');
    this.seats.set(update.seatNo, { status: update.status, holderId: update.holderId });
    this.available += update.availableDelta;
    this.scheduleVersion += 1;
    if (update.availableDelta !== 0) this.concertVersion += 1;
    return {
      concertId: this.concertId,
      scheduleId: this.scheduleId,
      scheduleVersion: this.scheduleVersion,
      concertVersion: update.availableDelta !== 0 ? this.concertVersion : null,
    };
  }
}

export class RecordingInvalidator implements CatalogCacheInvalidator {
  readonly invalidated: CatalogVersions[] = [];
  async invalidate(versions: CatalogVersions): Promise<void> {
    this.invalidated.push(versions);
  }
}
