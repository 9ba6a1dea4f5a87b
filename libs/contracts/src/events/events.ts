import { z } from 'zod';
import { type Topic, Topics } from './topics';

const uuid = z.string().uuid();
const isoDateTime = z.string().datetime({ offset: true });
const seatNo = z.number().int().min(1).max(50);
const won = z.number().int().nonnegative();

/** concert-service → reservation-service: a bookable schedule and its seat prices. */
export const scheduleCreatedSchema = z.object({
  concertId: uuid,
  scheduleId: uuid,
  startsAt: isoDateTime,
  seats: z.array(z.object({ seatNo, price: won })).min(1).max(50),
});

const reservationRef = {
  reservationId: uuid,
  userId: uuid,
  concertId: uuid,
  scheduleId: uuid,
  seatNo,
  /** Monotonic per reservation: consumers ignore an event older than the state they hold. */
  version: z.number().int().positive(),
};

export const seatHeldSchema = z.object({ ...reservationRef, price: won, expiresAt: isoDateTime });
export const holdExpiredSchema = z.object({ ...reservationRef, expiredAt: isoDateTime });
export const holdCancelledSchema = z.object({ ...reservationRef, cancelledAt: isoDateTime });
const queueTokenId = z.string().min(1).max(100).nullable();

export const reservationConfirmedSchema = z.object({
  ...reservationRef,
  paymentId: uuid,
  confirmedAt: isoDateTime,
  /**
   * From the confirmed payment: the queue token it was made with and when it was made, so
   * queue-service expires the token only once the seat is the buyer's (a refunded payment leaves
   * it live). Optional: events written before these fields existed lack them.
   */
  queueTokenId: queueTokenId.optional(),
  paidAt: isoDateTime.optional(),
});
export const reservationConfirmationFailedSchema = z.object({
  ...reservationRef,
  paymentId: uuid,
  reason: z.enum(['EXPIRED', 'CANCELLED', 'ALREADY_CONFIRMED', 'NOT_FOUND']),
  failedAt: isoDateTime,
});

export const paymentCompletedSchema = z.object({
  paymentId: uuid,
  reservationId: uuid,
  userId: uuid,
  amount: won,
  paidAt: isoDateTime,
  /** The queue token the payment was made with; ReservationConfirmed passes it on to queue-service. */
  queueTokenId,
});

export const paymentRefundedSchema = z.object({
  paymentId: uuid,
  reservationId: uuid,
  userId: uuid,
  amount: won,
  refundedAt: isoDateTime,
  reason: z.string().max(200),
});

export const platformProbeSchema = z.object({ probeId: z.string().min(1), note: z.string() });

/** Each topic's payload schema: producers validate before writing the outbox, consumers on receipt. */
export const EventSchemas = {
  [Topics.ScheduleCreated]: scheduleCreatedSchema,
  [Topics.SeatHeld]: seatHeldSchema,
  [Topics.HoldExpired]: holdExpiredSchema,
  [Topics.HoldCancelled]: holdCancelledSchema,
  [Topics.ReservationConfirmed]: reservationConfirmedSchema,
  [Topics.ReservationConfirmationFailed]: reservationConfirmationFailedSchema,
  [Topics.PaymentCompleted]: paymentCompletedSchema,
  [Topics.PaymentRefunded]: paymentRefundedSchema,
  [Topics.PlatformProbe]: platformProbeSchema,
} satisfies Record<Topic, z.ZodTypeAny>;

export type EventPayload<T extends Topic> = z.infer<(typeof EventSchemas)[T]>;

export type ScheduleCreated = EventPayload<typeof Topics.ScheduleCreated>;
export type SeatHeld = EventPayload<typeof Topics.SeatHeld>;
export type HoldExpired = EventPayload<typeof Topics.HoldExpired>;
export type HoldCancelled = EventPayload<typeof Topics.HoldCancelled>;
export type ReservationConfirmed = EventPayload<typeof Topics.ReservationConfirmed>;
export type ReservationConfirmationFailed = EventPayload<typeof Topics.ReservationConfirmationFailed>;
export type PaymentCompleted = EventPayload<typeof Topics.PaymentCompleted>;
export type PaymentRefunded = EventPayload<typeof Topics.PaymentRefunded>;
export type PlatformProbe = EventPayload<typeof Topics.PlatformProbe>;

/** Validates a payload for a topic; throws a ZodError describing every problem. */
export function parseEventPayload<T extends Topic>(topic: T, payload: unknown): EventPayload<T> {
  return EventSchemas[topic].parse(payload);
}
