import { DomainError, ErrorCode } from '@concert/contracts';
import { canTransition, ReservationStatus } from './reservation-status';

export interface ReservationProps {
  id: string;
  userId: string;
  concertId: string;
  scheduleId: string;
  seatNo: number;
  /** Integer won, copied from the catalog at hold time. */
  price: number;
  status: ReservationStatus;
  expiresAt: Date;
  /** Starts at 1 and grows by one with every change; events carry it. */
  version: number;
  paymentId: string | null;
  createdAt: Date;
  updatedAt: Date;
}

export interface NewHold {
  id: string;
  userId: string;
  concertId: string;
  scheduleId: string;
  seatNo: number;
  price: number;
  now: Date;
  holdSeconds: number;
}

export type ConfirmationFailureReason = 'EXPIRED' | 'CANCELLED' | 'ALREADY_CONFIRMED';

/** What a completed payment does to a reservation. */
export type ConfirmationOutcome =
  | { kind: 'CONFIRMED' }
  /** Already confirmed by this very payment: a redelivery, nothing to do. */
  | { kind: 'DUPLICATE' }
  /** The payment cannot take the seat; `expired` says whether this call turned an overdue hold EXPIRED. */
  | { kind: 'FAILED'; reason: ConfirmationFailureReason; expired: boolean };

/** Raised when code tries a move the state machine forbids: a programming error, not a user error. */
export class IllegalTransitionError extends Error {
  constructor(from: ReservationStatus, to: ReservationStatus) {
    super(`A reservation cannot move from ${from} to ${to}`);
    this.name = 'IllegalTransitionError';
  }
}

/** A seat hold and its life: HELD → CONFIRMED | EXPIRED | CANCELLED. */
export class Reservation {
  private constructor(private props: ReservationProps) {}

  static hold(input: NewHold): Reservation {
    if (!Number.isInteger(input.holdSeconds) || input.holdSeconds <= 0) {
      throw new Error(`holdSeconds must be a positive integer, got ${input.holdSeconds}`);
    }
    return new Reservation({
      id: input.id,
      userId: input.userId,
      concertId: input.concertId,
      scheduleId: input.scheduleId,
      seatNo: input.seatNo,
      price: input.price,
      status: ReservationStatus.HELD,
      expiresAt: new Date(input.now.getTime() + input.holdSeconds * 1000),
      version: 1,
      paymentId: null,
      createdAt: input.now,
      updatedAt: input.now,
    });
  }

  static restore(props: ReservationProps): Reservation {
    return new Reservation({ ...props });
  }

  get id(): string {
    return this.props.id;
  }
  get userId(): string {
    return this.props.userId;
  }
  get concertId(): string {
    return this.props.concertId;
  }
  get scheduleId(): string {
    return this.props.scheduleId;
  }
  get seatNo(): number {
    return this.props.seatNo;
  }
  get price(): number {
    return this.props.price;
  }
  /** The stored status; see {@link statusAt} for what a reader should see. */
  get status(): ReservationStatus {
    return this.props.status;
  }
  get expiresAt(): Date {
    return this.props.expiresAt;
  }
  get version(): number {
    return this.props.version;
  }
  get paymentId(): string | null {
    return this.props.paymentId;
  }
  get createdAt(): Date {
    return this.props.createdAt;
  }
  get updatedAt(): Date {
    return this.props.updatedAt;
  }

  /** A hold whose time ran out is EXPIRED for every reader, whether or not the sweeper got to it yet. */
  statusAt(now: Date): ReservationStatus {
    return this.isOverdueAt(now) ? ReservationStatus.EXPIRED : this.props.status;
  }

  /** Stored HELD, but its time is up: it no longer occupies the seat. */
  isOverdueAt(now: Date): boolean {
    return this.props.status === ReservationStatus.HELD && this.props.expiresAt.getTime() <= now.getTime();
  }

  /** Whether this reservation keeps the seat from everybody else at `now`. */
  occupiesSeatAt(now: Date): boolean {
    const status = this.statusAt(now);
    return status === ReservationStatus.HELD || status === ReservationStatus.CONFIRMED;
  }

  /** The hold ran out. Only an overdue HELD reservation may expire. */
  expire(now: Date): void {
    if (!this.isOverdueAt(now)) {
      throw new Error(`Reservation ${this.id} is not an overdue hold (status ${this.status}, expires ${this.expiresAt.toISOString()})`);
    }
    this.moveTo(ReservationStatus.EXPIRED, now);
  }

  /** The owner releases the seat while the hold lasts. */
  cancel(byUserId: string, now: Date): void {
    if (byUserId !== this.props.userId) {
      throw new DomainError(ErrorCode.RESERVATION_NOT_OWNED, 'This reservation belongs to another user');
    }
    const status = this.statusAt(now);
    if (status !== ReservationStatus.HELD) {
      throw new DomainError(ErrorCode.RESERVATION_NOT_HELD, `The reservation is ${status}, not HELD`);
    }
    this.moveTo(ReservationStatus.CANCELLED, now);
  }

  /**
   * A payment completed at `paidAt`. It takes the seat when the hold still stands and the payment
   * happened before the hold ran out; otherwise it fails with a reason the payer is refunded for.
   */
  confirm(paymentId: string, paidAt: Date, now: Date): ConfirmationOutcome {
    switch (this.props.status) {
      case ReservationStatus.CONFIRMED:
        return this.props.paymentId === paymentId ? { kind: 'DUPLICATE' } : { kind: 'FAILED', reason: 'ALREADY_CONFIRMED', expired: false };
      case ReservationStatus.CANCELLED:
        return { kind: 'FAILED', reason: 'CANCELLED', expired: false };
      case ReservationStatus.EXPIRED:
        return { kind: 'FAILED', reason: 'EXPIRED', expired: false };
      case ReservationStatus.HELD:
        if (paidAt.getTime() <= this.props.expiresAt.getTime()) {
          this.props.paymentId = paymentId;
          this.moveTo(ReservationStatus.CONFIRMED, now);
          return { kind: 'CONFIRMED' };
        }
        if (this.isOverdueAt(now)) {
          this.moveTo(ReservationStatus.EXPIRED, now);
          return { kind: 'FAILED', reason: 'EXPIRED', expired: true };
        }
        // Paid "after" the expiry by the payer's clock while ours says the hold still runs (clock skew):
        // the payment loses, the hold stays until it runs out.
        return { kind: 'FAILED', reason: 'EXPIRED', expired: false };
      default:
        return assertNever(this.props.status);
    }
  }

  snapshot(): ReservationProps {
    return { ...this.props };
  }

  private moveTo(to: ReservationStatus, now: Date): void {
    if (!canTransition(this.props.status, to)) throw new IllegalTransitionError(this.props.status, to);
    this.props.status = to;
    this.props.version += 1;
    this.props.updatedAt = now;
  }
}

function assertNever(value: never): never {
  throw new Error(`Unknown reservation status ${String(value)}`);
}
