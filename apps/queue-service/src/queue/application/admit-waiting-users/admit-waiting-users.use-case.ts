import { Inject, Injectable } from '@nestjs/common';
import { AdmissionPolicy } from '../../domain/admission-policy';
import { RoomRateEstimators } from '../../domain/room-rate-estimators';
import { CLOCK, type Clock } from '../ports/clock.port';
import { QUEUE_METRICS, type QueueMetrics } from '../ports/queue-metrics.port';
import { type AdmissionOutcome, QUEUE_STORE, type QueueStore } from '../ports/queue-store.port';

/** A room found empty is no longer visited once nobody has joined it for this long. */
export const ROOM_FORGET_AFTER_MS = 10 * 60_000;

/**
 * One admission round (every instance runs one each QUEUE_ADMIT_INTERVAL_MS) over every room
 * anyone joined: in each, a due sale opens, active windows that are over end, idle waiters leave,
 * free slots are filled from the head of the queue — one atomic store step per room (one
 * pipeline for all of them), so concurrent rounds of several instances never exceed a room's
 * capacity nor break its order. Each room's history feeds that room's wait estimate only.
 */
@Injectable()
export class AdmitWaitingUsersUseCase {
  constructor(
    @Inject(QUEUE_STORE) private readonly store: QueueStore,
    @Inject(CLOCK) private readonly clock: Clock,
    @Inject(QUEUE_METRICS) private readonly metrics: QueueMetrics,
    private readonly policy: AdmissionPolicy,
    private readonly estimators: RoomRateEstimators,
  ) {}

  async execute(): Promise<AdmissionOutcome[]> {
    const nowMs = this.clock.now();
    const rooms = await this.store.rooms();
    const outcomes = await this.store.admit(rooms, this.policy.round(nowMs));
    for (const outcome of outcomes) {
      this.estimators.observe(outcome.concertId, outcome.admissionHistory, this.policy.guaranteedRatePerSecond({ maxActiveUsers: outcome.maxActiveUsers, activeSeconds: outcome.activeSeconds }));
      if (outcome.admitted.length > 0) this.metrics.admitted(outcome.admitted.map((admission) => admission.waitedMs));
      if (outcome.expiredActive > 0) this.metrics.expired('ACTIVE_TIMEOUT', outcome.expiredActive);
      if (outcome.evictedIdle > 0) this.metrics.expired('IDLE', outcome.evictedIdle);
      if (outcome.preQueueCount + outcome.waitingCount + outcome.activeCount === 0) await this.store.forgetRoom(outcome.concertId, nowMs - ROOM_FORGET_AFTER_MS);
    }
    this.metrics.rooms(outcomes);
    return outcomes;
  }
}
