import { DomainError, ErrorCode } from '@concert/contracts';

/**
 * What payment-service knows of a reservation. HELD / CONFIRMED / EXPIRED / CANCELLED mirror
 * reservation-service; PAID is local: this service took the money and the confirmation is on its way.
 */
export type ReplicaStatus = 'HELD' | 'PAID' | 'CONFIRMED' | 'EXPIRED' | 'CANCELLED';

/**
 * A reservation's state as reservation-service announced it (an event or its internal endpoint).
 * Events after the hold (expired, cancelled, confirmed) do not repeat the price and expiry, so
 * those are optional: a replica may first learn of a reservation from such an event.
 */
export interface ReservationSnapshot {
  reservationId: string;
  userId: string;
  /** The concert of the reservation's schedule (every event and the internal read carry it). */
  concertId: string;
  status: Exclude<ReplicaStatus, 'PAID'>;
  /** reservation-service's version: every change of the reservation increments it. */
  version: number;
  amount?: number;
  expiresAt?: Date;
}

export interface ReservationReplicaProps {
  id: string;
  userId: string;
  /**
   * The reservation's concert, whose waiting room a payment's queue token must be for. Null only
   * for a replica stored before the column existed and not heard of since (its room is not checked).
   */
  concertId: string | null;
  /** Null only for a reservation first seen dead (the event that told us carried no price). */
  amount: number | null;
  expiresAt: Date | null;
  status: ReplicaStatus;
  version: number;
}

export class ReservationReplica {
  private constructor(private readonly props: ReservationReplicaProps) {}

  static fromSnapshot(snapshot: ReservationSnapshot): ReservationReplica {
    if (snapshot.status === 'HELD' && (snapshot.amount === undefined || snapshot.expiresAt === undefined)) {
      throw new Error(`A held reservation (${snapshot.reservationId}) needs its price and expiry`);
    }
    return new ReservationReplica({
      id: snapshot.reservationId,
      userId: snapshot.userId,
      concertId: snapshot.concertId,
      amount: snapshot.amount ?? null,
      expiresAt: snapshot.expiresAt ?? null,
      status: snapshot.status,
      version: snapshot.version,
    });
  }

  static restore(props: ReservationReplicaProps): ReservationReplica {
    return new ReservationReplica({ ...props });
  }

  get id(): string {
    return this.props.id;
  }
  get userId(): string {
    return this.props.userId;
  }
  get concertId(): string | null {
    return this.props.concertId;
  }
  get amount(): number | null {
    return this.props.amount;
  }
  get expiresAt(): Date | null {
    return this.props.expiresAt;
  }
  get status(): ReplicaStatus {
    return this.props.status;
  }
  get version(): number {
    return this.props.version;
  }

  /**
   * Applies a newer snapshot; returns null when it is not newer than what is held (events arrive
   * late, twice or out of order: an older state never overwrites a newer one). A payment this
   * service already took (PAID) is not undone by a snapshot that still says HELD.
   */
  observe(snapshot: ReservationSnapshot): ReservationReplica | null {
    if (snapshot.reservationId !== this.props.id) throw new Error('Snapshot of another reservation');
    if (snapshot.version <= this.props.version) return null;
    const status = this.props.status === 'PAID' && snapshot.status === 'HELD' ? 'PAID' : snapshot.status;
    return new ReservationReplica({
      id: this.props.id,
      userId: snapshot.userId,
      concertId: snapshot.concertId,
      amount: snapshot.amount ?? this.props.amount,
      expiresAt: snapshot.expiresAt ?? this.props.expiresAt,
      status,
      version: snapshot.version,
    });
  }

  /**
   * Checks that `userId` may pay this reservation at `now`, in the contract's order:
   * ownership (403) before state (409). Returns the price to pay.
   */
  assertPayableBy(userId: string, now: Date): { amount: number } {
    if (this.props.userId !== userId) {
      throw new DomainError(ErrorCode.RESERVATION_NOT_OWNED, 'This reservation belongs to another user');
    }
    switch (this.props.status) {
      case 'PAID':
      case 'CONFIRMED':
        throw new DomainError(ErrorCode.RESERVATION_ALREADY_PAID, 'This reservation is already paid');
      case 'EXPIRED':
        throw new DomainError(ErrorCode.RESERVATION_EXPIRED, 'The hold on this seat ran out before payment');
      case 'CANCELLED':
        throw new DomainError(ErrorCode.RESERVATION_EXPIRED, 'This reservation was cancelled before payment');
      case 'HELD': {
        const { amount, expiresAt } = this.props;
        if (amount === null || expiresAt === null) throw new Error(`Held reservation ${this.props.id} without price or expiry`);
        if (expiresAt.getTime() <= now.getTime()) {
          throw new DomainError(ErrorCode.RESERVATION_EXPIRED, 'The hold on this seat ran out before payment');
        }
        return { amount };
      }
    }
  }

  /** The local state after this service took the payment. */
  markPaid(): ReservationReplica {
    return new ReservationReplica({ ...this.props, status: 'PAID' });
  }

  /**
   * The state once confirmation failed and the payment was refunded: the reservation is dead, so
   * a later payment for it is refused. Null when an event already moved it on (EXPIRED, CANCELLED,
   * CONFIRMED).
   */
  markDead(status: 'EXPIRED' | 'CANCELLED'): ReservationReplica | null {
    if (this.props.status !== 'HELD' && this.props.status !== 'PAID') return null;
    return new ReservationReplica({ ...this.props, status });
  }

  toProps(): ReservationReplicaProps {
    return { ...this.props };
  }
}
