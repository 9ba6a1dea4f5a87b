import { Counter } from 'prom-client';

/** Holds refused by the product's unique index although the strategy itself let them through. */
export const holdBackstopConflicts = new Counter({
  name: 'reservation_hold_backstop_conflicts_total',
  help: 'Hold inserts the strategy let through and the partial unique index refused (0 for a strategy that is safe on its own)',
  labelNames: ['strategy'] as const,
});

export const holdOptimisticConflicts = new Counter({
  name: 'reservation_hold_optimistic_conflicts_total',
  help: 'Version checks of the optimistic strategy that found the seat row changed since it was read',
});
