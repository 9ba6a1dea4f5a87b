import { Counter } from 'prom-client';

export const holdInsertResults = new Counter({
  name: 'reservation_hold_inserts_total',
  help: 'Hold insert attempts by strategy and result',
  labelNames: ['strategy', 'result'] as const,
});
