import { Counter, Gauge, Histogram } from 'prom-client';
import type { QueueMetrics } from '../application/ports/queue-metrics.port';

// Module-level: prom-client's registry is per process, and several app instances may share a
// process in tests.
const waitingUsers = new Gauge({ name: 'queue_waiting_users', help: 'Users waiting in the queue (as of the last admission round)' });
const activeUsers = new Gauge({ name: 'queue_active_users', help: 'Active tokens (as of the last admission round)' });
const capacityGauge = new Gauge({
  name: 'queue_active_capacity',
  help: 'Capacity of the active set: QUEUE_MAX_ACTIVE_USERS, or the adaptive admission limit below it (as of the last round or purchase)',
});
const admissions = new Counter({ name: 'queue_admissions_total', help: 'Users admitted by this instance (rate() gives admissions per second)' });
const expirations = new Counter({
  name: 'queue_expirations_total',
  help: 'Tokens expired by this instance, by reason',
  labelNames: ['reason'] as const,
});
const joinToAdmission = new Histogram({
  name: 'queue_join_to_admission_seconds',
  help: 'Time from joining the queue to admission',
  buckets: [0.01, 0.1, 0.5, 1, 2, 5, 10, 30, 60, 120, 300, 600, 1200, 1800, 3600, 7200],
});

export class PrometheusQueueMetrics implements QueueMetrics {
  admitted(waitsMs: readonly number[]): void {
    admissions.inc(waitsMs.length);
    for (const wait of waitsMs) joinToAdmission.observe(Math.max(0, wait) / 1000);
  }

  expired(reason: 'ACTIVE_TIMEOUT' | 'IDLE' | 'PAID', count: number): void {
    expirations.inc({ reason }, count);
  }

  queueSizes(waiting: number, active: number): void {
    waitingUsers.set(waiting);
    activeUsers.set(active);
  }

  activeCapacity(capacity: number): void {
    capacityGauge.set(capacity);
  }
}
