import { Counter } from 'prom-client';

/** Payments by outcome: COMPLETED, REPLAYED, or the error code that refused them. */
export const paymentsTotal = new Counter({
  name: 'payment_payments_total',
  help: 'Payment requests by outcome',
  labelNames: ['outcome'] as const,
});

/** Charges by outcome: COMPLETED, REPLAYED, or the error code that refused them. */
export const chargesTotal = new Counter({
  name: 'payment_charges_total',
  help: 'Balance charge requests by outcome',
  labelNames: ['outcome'] as const,
});

/** Saga compensations by outcome (REFUNDED, ALREADY_REFUNDED, UNKNOWN_PAYMENT). */
export const refundsTotal = new Counter({
  name: 'payment_refunds_total',
  help: 'Refunds requested by ReservationConfirmationFailed, by outcome',
  labelNames: ['outcome'] as const,
});

/** The label for a request that failed: its business code, or INTERNAL_ERROR. */
export function outcomeOf(error: unknown): string {
  if (typeof error === 'object' && error !== null && 'code' in error && typeof error.code === 'string') return error.code;
  return 'INTERNAL_ERROR';
}
