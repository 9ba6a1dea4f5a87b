import type { CatalogSchedule } from '../../domain/catalog-schedule';
import { Reservation, type ReservationProps } from '../../domain/reservation';
import { ReservationStatus } from '../../domain/reservation-status';
import type { Clock } from '../ports/clock.port';
import type { IdGenerator } from '../ports/id-generator.port';
import type {
  CatalogRepository,
  EventOutbox,
  HoldInsertResult,
  ReservationQueries,
  ReservationRepository,
  ReservationTransaction,
  SeatForHold,
  UnitOfWork,
} from '../ports/reservation-unit-of-work.port';
import type { ReservationEvent } from '../reservation-events';

export class FakeClock implements Clock {
  constructor(private current: Date) {}
  now(): Date {
    return new Date(this.current.getTime());
  }
  set(at: Date): void {
    this.current = new Date(at.getTime());
  }
  advanceSeconds(seconds: number): void {
    this.current = new Date(this.current.getTime() + seconds * 1000);
  }
}

export class SequentialIds implements IdGenerator {
  private counter = 0;
  next(): string {
    this.counter += 1;
    return `00000000-0000-4000-8000-${String(this.counter).padStart(12, '0')}`;
  }
}

interface State {
  reservations: Map<string, ReservationProps>;
  schedules: Map<string, CatalogSchedule>;
  events: ReservationEvent[];
}

function copy(state: State): State {
  return {
    reservations: new Map([...state.reservations].map(([id, props]) => [id, { ...props }])),
    schedules: new Map(state.schedules),
    events: [...state.events],
  };
}

/**
 * An in-memory stand-in for the Postgres adapters with the same semantics (a transaction that
 * throws leaves nothing behind; the seat occupancy rule of the unique index holds). Transactions
 * run one at a time, which is what the database's locks amount to for one seat.
 */
export class InMemoryReservations implements UnitOfWork, ReservationQueries {
  private state: State = { reservations: new Map(), schedules: new Map(), events: [] };
  readonly lockedUsers: string[] = [];
  /** Runs right before the guarded insert: lets a test commit a competitor in the race window. */
  beforeInsertHold?: (state: { insert(reservation: Reservation): void }) => void;
  private queue: Promise<unknown> = Promise.resolve();

  async run<T>(work: (tx: ReservationTransaction) => Promise<T>): Promise<T> {
    const next = this.queue.then(async () => {
      const working = copy(this.state);
      const result = await work(this.transaction(working));
      this.state = working;
      return result;
    });
    this.queue = next.catch(() => undefined);
    return next;
  }

  /** A transaction on the live state, for use cases that run in a caller's transaction. */
  transactionForTest(): ReservationTransaction {
    return this.transaction(this.state);
  }

  // ReservationQueries
  async findSeatForHold(scheduleId: string, seatNo: number, now: Date): Promise<SeatForHold> {
    const schedule = this.state.schedules.get(scheduleId);
    if (!schedule) return { kind: 'SCHEDULE_NOT_FOUND' };
    const seat = schedule.seats.find((candidate) => candidate.seatNo === seatNo);
    if (!seat) return { kind: 'SEAT_NOT_FOUND', concertId: schedule.concertId };
    if (schedule.startsAt.getTime() <= now.getTime()) return { kind: 'SCHEDULE_STARTED', concertId: schedule.concertId, startsAt: schedule.startsAt };
    const occupied = [...this.state.reservations.values()].some(
      (props) => props.scheduleId === scheduleId && props.seatNo === seatNo && Reservation.restore(props).occupiesSeatAt(now),
    );
    return { kind: 'FOUND', seat: { scheduleId, concertId: schedule.concertId, seatNo, price: seat.price }, occupied };
  }
  async findById(reservationId: string): Promise<Reservation | null> {
    const props = this.state.reservations.get(reservationId);
    return props ? Reservation.restore(props) : null;
  }
  async listByUser(userId: string, limit: number): Promise<Reservation[]> {
    return [...this.state.reservations.values()]
      .filter((props) => props.userId === userId)
      .sort((a, b) => b.createdAt.getTime() - a.createdAt.getTime() || b.id.localeCompare(a.id))
      .slice(0, limit)
      .map((props) => Reservation.restore(props));
  }
  async nextHoldExpiry(): Promise<Date | null> {
    const held = [...this.state.reservations.values()].filter((props) => props.status === ReservationStatus.HELD);
    return held.length === 0 ? null : new Date(Math.min(...held.map((props) => props.expiresAt.getTime())));
  }

  // Test helpers
  givenSchedule(schedule: CatalogSchedule): void {
    this.state.schedules.set(schedule.scheduleId, schedule);
  }
  givenReservation(reservation: Reservation): void {
    this.state.reservations.set(reservation.id, reservation.snapshot());
  }
  get events(): readonly ReservationEvent[] {
    return this.state.events;
  }
  get reservations(): ReservationProps[] {
    return [...this.state.reservations.values()].map((props) => ({ ...props }));
  }
  schedule(scheduleId: string): CatalogSchedule | undefined {
    return this.state.schedules.get(scheduleId);
  }

  private transaction(state: State): ReservationTransaction {
    const indexHolder = (scheduleId: string, seatNo: number) =>
      [...state.reservations.values()].find(
        (props) =>
          props.scheduleId === scheduleId &&
          props.seatNo === seatNo &&
          (props.status === ReservationStatus.HELD || props.status === ReservationStatus.CONFIRMED),
      );
    const expire = (rows: ReservationProps[], now: Date) =>
      rows.map((props) => {
        const reservation = Reservation.restore(props);
        reservation.expire(now);
        state.reservations.set(reservation.id, reservation.snapshot());
        return reservation;
      });

    const reservations: ReservationRepository = {
      findById: async (id) => {
        const props = state.reservations.get(id);
        return props ? Reservation.restore(props) : null;
      },
      countLiveHolds: async (userId, now) =>
        [...state.reservations.values()].filter(
          (props) => props.userId === userId && props.status === ReservationStatus.HELD && props.expiresAt.getTime() > now.getTime(),
        ).length,
      expireOverdueHoldOnSeat: async (scheduleId, seatNo, now) =>
        expire(
          [...state.reservations.values()].filter(
            (props) => props.scheduleId === scheduleId && props.seatNo === seatNo && Reservation.restore(props).isOverdueAt(now),
          ),
          now,
        ),
      expireOverdueHolds: async (now, limit) =>
        expire(
          [...state.reservations.values()]
            .filter((props) => Reservation.restore(props).isOverdueAt(now))
            .sort((a, b) => a.expiresAt.getTime() - b.expiresAt.getTime())
            .slice(0, limit),
          now,
        ),
      insertHold: async (reservation): Promise<HoldInsertResult> => {
        this.beforeInsertHold?.({ insert: (competitor) => state.reservations.set(competitor.id, competitor.snapshot()) });
        // The partial unique index: any HELD or CONFIRMED row of the seat blocks the insert.
        if (indexHolder(reservation.scheduleId, reservation.seatNo)) return 'SEAT_TAKEN';
        state.reservations.set(reservation.id, reservation.snapshot());
        return 'INSERTED';
      },
      update: async (reservation, expectedVersion) => {
        const stored = state.reservations.get(reservation.id);
        if (!stored || stored.version !== expectedVersion) throw new Error(`Stale write of reservation ${reservation.id}`);
        state.reservations.set(reservation.id, reservation.snapshot());
      },
    };
    const catalog: CatalogRepository = {
      upsertSchedule: async (schedule) => {
        state.schedules.set(schedule.scheduleId, { ...schedule, seats: [...schedule.seats] });
      },
    };
    const outbox: EventOutbox = {
      append: async (event) => {
        state.events.push(event);
      },
    };
    return {
      reservations,
      catalog,
      outbox,
      lockUser: async (userId) => {
        this.lockedUsers.push(userId);
      },
    };
  }
}
