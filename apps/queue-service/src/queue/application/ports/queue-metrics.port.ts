/** What the queue reports for monitoring (Prometheus in production, a fake in tests). */
export interface QueueMetrics {
  /** Users admitted, each with their join → admission time. */
  admitted(waitsMs: readonly number[]): void;
  expired(reason: 'ACTIVE_TIMEOUT' | 'IDLE' | 'PAID', count: number): void;
  queueSizes(waiting: number, active: number): void;
  /** The active set's capacity now: QUEUE_MAX_ACTIVE_USERS, or the adaptive limit below it. */
  activeCapacity(capacity: number): void;
}

export const QUEUE_METRICS = Symbol('QUEUE_METRICS');
