import type {
  CatalogRepository,
  EventOutbox,
  ReservationRepository,
  ReservationTransaction,
} from '../../application/ports/reservation-unit-of-work.port';
import type { ReservationEvent } from '../../application/reservation-events';
import type { Reservation } from '../../domain/reservation';
import type { TypeOrmReservationRepository } from './typeorm-reservation.repository';

/**
 * A ReservationTransaction for a batch of events handled one after another in one transaction
 * (PaymentCompletedConsumer.handleBatch). The batch's reservations are read and locked in one
 * statement up front (`preload`), and what the use cases write to them and to the outbox is kept
 * and written in one statement each by `flush` — so n confirmations cost three statements
 * instead of 3n, each of which waits its turn for a busy database.
 *
 * The use cases run unchanged and see what they would have seen one statement at a time: a
 * preloaded reservation is handed out as the same object, changes included, and every other
 * call first writes what is pending and then goes to the database.
 */
export class BatchedReservationTransaction implements ReservationTransaction {
  readonly reservations: ReservationRepository;
  readonly catalog: CatalogRepository;
  readonly outbox: EventOutbox;
  /** Preloaded reservations by id; null: preloaded and not found. */
  private readonly loaded = new Map<string, Reservation | null>();
  /** Pending updates by reservation id: the latest state, and the version the row has in the database. */
  private readonly updates = new Map<string, { reservation: Reservation; expectedVersion: number }>();
  private readonly events: ReservationEvent[] = [];

  /**
   * @param direct the plain transaction on the same manager (calls that are not batched go there)
   * @param repository the same transaction's repository, for the batch's read and write
   * @param appendEvents writes events to the outbox in one statement, in order
   */
  constructor(
    private readonly direct: ReservationTransaction,
    private readonly repository: TypeOrmReservationRepository,
    private readonly appendEvents: (events: readonly ReservationEvent[]) => Promise<void>,
  ) {
    const reservations = direct.reservations;
    const afterFlush = async <T>(call: () => Promise<T>): Promise<T> => {
      await this.flush();
      return call();
    };
    this.catalog = direct.catalog;
    this.reservations = {
      findById: (reservationId, options) =>
        this.loaded.has(reservationId)
          ? Promise.resolve(this.loaded.get(reservationId) ?? null)
          : afterFlush(() => reservations.findById(reservationId, options)),
      update: (reservation, expectedVersion) => {
        const id = reservation.snapshot().id;
        if (this.loaded.get(id) !== reservation) return afterFlush(() => reservations.update(reservation, expectedVersion));
        this.updates.set(id, { reservation, expectedVersion: this.updates.get(id)?.expectedVersion ?? expectedVersion });
        return Promise.resolve();
      },
      countLiveHolds: (userId, now) => afterFlush(() => reservations.countLiveHolds(userId, now)),
      expireOverdueHoldOnSeat: (scheduleId, seatNo, now) => afterFlush(() => reservations.expireOverdueHoldOnSeat(scheduleId, seatNo, now)),
      expireOverdueHolds: (now, limit) => afterFlush(() => reservations.expireOverdueHolds(now, limit)),
      insertHold: (reservation, now) => afterFlush(() => reservations.insertHold(reservation, now)),
    };
    this.outbox = {
      append: (event) => {
        this.events.push(event);
        return Promise.resolve();
      },
    };
  }

  /** Reads and locks (FOR UPDATE, in id order) the reservations the batch is about. */
  async preload(reservationIds: readonly string[]): Promise<void> {
    const wanted = [...new Set(reservationIds)].filter((id) => !this.loaded.has(id));
    if (wanted.length === 0) return;
    await this.flush();
    const found = new Map((await this.repository.findManyForUpdate(wanted)).map((reservation) => [reservation.snapshot().id, reservation]));
    for (const id of wanted) this.loaded.set(id, found.get(id) ?? null);
  }

  /** Writes the pending updates, then the pending events in the order they were appended. */
  async flush(): Promise<void> {
    const updates = [...this.updates.values()];
    const events = this.events.splice(0);
    // Once written, a row has the version its object carries: a later change expects that one.
    this.updates.clear();
    await this.repository.updateAll(updates);
    if (events.length > 0) await this.appendEvents(events);
  }

  async lockUser(userId: string): Promise<void> {
    await this.flush();
    await this.direct.lockUser(userId);
  }
}
