/** One room's sizes as an admission round left them. */
export interface RoomSizes {
  concertId: string;
  preQueueCount: number;
  waitingCount: number;
  activeCount: number;
  /** The active set's capacity: the room's maxActiveUsers, or the adaptive limit below it. */
  capacity: number;
}

/** What the queue reports for monitoring (Prometheus in production, a fake in tests). */
export interface QueueMetrics {
  /** Users admitted, each with their join → admission time. */
  admitted(waitsMs: readonly number[]): void;
  expired(reason: 'ACTIVE_TIMEOUT' | 'IDLE' | 'PAID', count: number): void;
  /** Every room's sizes after an admission round. */
  rooms(rooms: readonly RoomSizes[]): void;
}

export const QUEUE_METRICS = Symbol('QUEUE_METRICS');
