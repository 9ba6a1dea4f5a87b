import { Counter, Gauge, Histogram } from 'prom-client';
import type { QueueMetrics, RoomSizes } from '../application/ports/queue-metrics.port';

/**
 * Rooms labelled by concert on /metrics: the busiest ones (pre-queue + waiting + active) as of the
 * last round; every other room is summed under `concert="other"`. So the per-room series are
 * at most this many plus one, whatever the number of concerts.
 */
export const LABELLED_ROOMS = 20;

// Module-level: prom-client's registry is per process, and several app instances may share a
// process in tests.
const rooms = new Gauge({ name: 'queue_rooms', help: 'Rooms the admission rounds visit (anyone joined them and they are not forgotten)' });
const preQueueUsers = new Gauge({ name: 'queue_pre_queue_users', help: 'Users in pre-queues of sales not open yet, all rooms (as of the last admission round)' });
const waitingUsers = new Gauge({ name: 'queue_waiting_users', help: 'Users waiting, all rooms (as of the last admission round)' });
const activeUsers = new Gauge({ name: 'queue_active_users', help: 'Active tokens, all rooms (as of the last admission round)' });
const roomGauges = {
  preQueue: new Gauge({ name: 'queue_room_pre_queue_users', help: `Users in the room's pre-queue (the ${LABELLED_ROOMS} busiest rooms; the rest as concert="other")`, labelNames: ['concert'] as const }),
  waiting: new Gauge({ name: 'queue_room_waiting_users', help: `Users waiting in the room (the ${LABELLED_ROOMS} busiest rooms; the rest as concert="other")`, labelNames: ['concert'] as const }),
  active: new Gauge({ name: 'queue_room_active_users', help: `Active tokens of the room (the ${LABELLED_ROOMS} busiest rooms; the rest as concert="other")`, labelNames: ['concert'] as const }),
  capacity: new Gauge({
    name: 'queue_room_active_capacity',
    help: `The room's active capacity: its maxActiveUsers, or the adaptive limit below it (the ${LABELLED_ROOMS} busiest rooms; the rest summed as concert="other")`,
    labelNames: ['concert'] as const,
  }),
};
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

  rooms(all: readonly RoomSizes[]): void {
    rooms.set(all.length);
    preQueueUsers.set(sum(all, 'preQueueCount'));
    waitingUsers.set(sum(all, 'waitingCount'));
    activeUsers.set(sum(all, 'activeCount'));
    const busiest = [...all].sort((a, b) => load(b) - load(a));
    const labelled = busiest.slice(0, LABELLED_ROOMS);
    const rest = busiest.slice(LABELLED_ROOMS);
    for (const gauge of Object.values(roomGauges)) gauge.reset();
    for (const room of labelled) setRoom(room.concertId, room);
    if (rest.length > 0) {
      setRoom('other', { preQueueCount: sum(rest, 'preQueueCount'), waitingCount: sum(rest, 'waitingCount'), activeCount: sum(rest, 'activeCount'), capacity: sum(rest, 'capacity') });
    }
  }
}

function setRoom(concert: string, room: Omit<RoomSizes, 'concertId'>): void {
  roomGauges.preQueue.set({ concert }, room.preQueueCount);
  roomGauges.waiting.set({ concert }, room.waitingCount);
  roomGauges.active.set({ concert }, room.activeCount);
  roomGauges.capacity.set({ concert }, room.capacity);
}

function load(room: RoomSizes): number {
  return room.preQueueCount + room.waitingCount + room.activeCount;
}

function sum(rooms: readonly RoomSizes[], field: 'preQueueCount' | 'waitingCount' | 'activeCount' | 'capacity'): number {
  return rooms.reduce((total, room) => total + room[field], 0);
}
