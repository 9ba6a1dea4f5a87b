import { type Topic, Topics } from '@concert/contracts';

/** Every reservation and payment event goes to the data platform. */
export const RECORDED_TOPICS: readonly Topic[] = [
  Topics.SeatHeld,
  Topics.HoldExpired,
  Topics.HoldCancelled,
  Topics.ReservationConfirmed,
  Topics.ReservationConfirmationFailed,
  Topics.PaymentCompleted,
  Topics.PaymentRefunded,
];

/** Delay before the next forward attempt after `failures` consecutive failures (exponential, capped). */
export function forwardRetryDelayMs(failures: number, maxDelayMs: number, baseDelayMs = 500): number {
  if (failures <= 0) return 0;
  return Math.min(maxDelayMs, baseDelayMs * 2 ** Math.min(failures - 1, 20));
}
