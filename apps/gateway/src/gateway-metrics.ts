import { Counter, Histogram } from 'prom-client';

export const upstreamRequestDuration = new Histogram({
  name: 'gateway_upstream_request_duration_seconds',
  help: 'Time from forwarding a request to a service until its answer was received, by service and status',
  labelNames: ['service', 'status'] as const,
  buckets: [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5],
});

export const upstreamFailures = new Counter({
  name: 'gateway_upstream_failures_total',
  help: 'Calls to a service replica that failed without an answer (refused, reset, timed out) or were answered by another system (OTHER_SYSTEM), by service and reason',
  labelNames: ['service', 'reason'] as const,
});

export const accessRefusals = new Counter({
  name: 'gateway_access_refusals_total',
  help: 'Requests the gateway refused before forwarding (queue token or rate limit), by error code',
  labelNames: ['code'] as const,
});
