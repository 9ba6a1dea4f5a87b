import { type EventPayload, Topics } from '@concert/contracts';
import type { ConfirmationFailureReason, Reservation } from '../domain/reservation';

type ProducedTopic =
  | typeof Topics.SeatHeld
  | typeof Topics.HoldExpired
  | typeof Topics.HoldCancelled
  | typeof Topics.ReservationConfirmed
  | typeof Topics.ReservationConfirmationFailed;

/** An event this service announces; written to the outbox in the transaction of the change. */
export type ReservationEvent = {
  [T in ProducedTopic]: { topic: T; key: string; payload: EventPayload<T>; occurredAt: string; requestId?: string };
}[ProducedTopic];

/** Why a payment could not confirm its reservation (the contract's reasons). */
export type ConfirmationFailedReason = ConfirmationFailureReason | 'NOT_FOUND';

function ref(reservation: Reservation) {
  return {
    reservationId: reservation.id,
    userId: reservation.userId,
    concertId: reservation.concertId,
    scheduleId: reservation.scheduleId,
    seatNo: reservation.seatNo,
    version: reservation.version,
  };
}

export function seatHeldEvent(reservation: Reservation, now: Date, requestId?: string): ReservationEvent {
  return {
    topic: Topics.SeatHeld,
    key: reservation.id,
    payload: { ...ref(reservation), price: reservation.price, expiresAt: reservation.expiresAt.toISOString() },
    occurredAt: now.toISOString(),
    requestId,
  };
}

export function holdExpiredEvent(reservation: Reservation, now: Date, requestId?: string): ReservationEvent {
  // The hold ended when its time ran out, whenever the sweeper noticed.
  return {
    topic: Topics.HoldExpired,
    key: reservation.id,
    payload: { ...ref(reservation), expiredAt: reservation.expiresAt.toISOString() },
    occurredAt: now.toISOString(),
    requestId,
  };
}

export function holdCancelledEvent(reservation: Reservation, now: Date, requestId?: string): ReservationEvent {
  return {
    topic: Topics.HoldCancelled,
    key: reservation.id,
    payload: { ...ref(reservation), cancelledAt: now.toISOString() },
    occurredAt: now.toISOString(),
    requestId,
  };
}

export function reservationConfirmedEvent(
  reservation: Reservation,
  payment: { paymentId: string; paidAt: Date; queueTokenId: string | null },
  now: Date,
  requestId?: string,
): ReservationEvent {
  return {
    topic: Topics.ReservationConfirmed,
    key: reservation.id,
    payload: {
      ...ref(reservation),
      paymentId: payment.paymentId,
      confirmedAt: now.toISOString(),
      queueTokenId: payment.queueTokenId,
      paidAt: payment.paidAt.toISOString(),
    },
    occurredAt: now.toISOString(),
    requestId,
  };
}

export function confirmationFailedEvent(
  reservation: Reservation,
  paymentId: string,
  reason: ConfirmationFailureReason,
  now: Date,
  requestId?: string,
): ReservationEvent {
  return {
    topic: Topics.ReservationConfirmationFailed,
    key: reservation.id,
    payload: { ...ref(reservation), paymentId, reason, failedAt: now.toISOString() },
    occurredAt: now.toISOString(),
    requestId,
  };
}

/** A reservation id nobody knows has no schedule or seat; the contract's payload still needs values there. */
const UNKNOWN_ID = '00000000-0000-0000-0000-000000000000';

/**
 * A payment for a reservation this service never had (it should not happen: payment-service verifies
 * with us before debiting). The event must still go out so the payer is refunded; concertId and
 * scheduleId are the nil UUID, seatNo 1 and version 1 are placeholders the contract forces on us.
 */
export function unknownReservationFailedEvent(
  payment: { reservationId: string; userId: string; paymentId: string },
  now: Date,
  requestId?: string,
): ReservationEvent {
  return {
    topic: Topics.ReservationConfirmationFailed,
    key: payment.reservationId,
    payload: {
      reservationId: payment.reservationId,
      userId: payment.userId,
      concertId: UNKNOWN_ID,
      scheduleId: UNKNOWN_ID,
      seatNo: 1,
      version: 1,
      paymentId: payment.paymentId,
      reason: 'NOT_FOUND',
      failedAt: now.toISOString(),
    },
    occurredAt: now.toISOString(),
    requestId,
  };
}
