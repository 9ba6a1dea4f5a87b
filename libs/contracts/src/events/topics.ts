/**
 * One versioned topic per event type. A breaking change to a payload gets a new version
 * (a new topic), so old and new consumers can run side by side during a deploy.
 */
export const Topics = {
  ScheduleCreated: 'concert.schedule-created.v1',
  SeatHeld: 'reservation.seat-held.v1',
  HoldExpired: 'reservation.hold-expired.v1',
  HoldCancelled: 'reservation.hold-cancelled.v1',
  ReservationConfirmed: 'reservation.confirmed.v1',
  ReservationConfirmationFailed: 'reservation.confirmation-failed.v1',
  PaymentCompleted: 'payment.completed.v1',
  PaymentRefunded: 'payment.refunded.v1',
  /** Used only by the platform's own tests of the outbox → Kafka → inbox path. */
  PlatformProbe: 'platform.probe.v1',
} as const;

export type Topic = (typeof Topics)[keyof typeof Topics];

export const ALL_TOPICS: readonly Topic[] = Object.values(Topics);
