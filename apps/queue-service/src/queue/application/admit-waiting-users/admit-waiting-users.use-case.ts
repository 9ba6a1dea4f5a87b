import { Inject, Injectable } from '@nestjs/common';
import { AdmissionPolicy } from '../../domain/admission-policy';
import { AdmissionRateEstimator } from '../../domain/admission-rate-estimator';
import { CLOCK, type Clock } from '../ports/clock.port';
import { QUEUE_METRICS, type QueueMetrics } from '../ports/queue-metrics.port';
import { type AdmissionOutcome, QUEUE_STORE, type QueueStore } from '../ports/queue-store.port';

/**
 * One admission round (every instance runs one each QUEUE_ADMIT_INTERVAL_MS): active windows that
 * are over end, idle waiters leave, free slots are filled from the head of the queue — one atomic
 * store step, so concurrent rounds of several instances never exceed capacity nor break order.
 */
@Injectable()
export class AdmitWaitingUsersUseCase {
  constructor(
    @Inject(QUEUE_STORE) private readonly store: QueueStore,
    @Inject(CLOCK) private readonly clock: Clock,
    @Inject(QUEUE_METRICS) private readonly metrics: QueueMetrics,
    private readonly policy: AdmissionPolicy,
    private readonly estimator: AdmissionRateEstimator,
  ) {}

  async execute(): Promise<AdmissionOutcome> {
    const outcome = await this.store.admit(this.policy.round(this.clock.now()));
    this.estimator.observe(outcome.admissionHistory);
    if (outcome.admitted.length > 0) this.metrics.admitted(outcome.admitted.map((admission) => admission.waitedMs));
    if (outcome.expiredActive > 0) this.metrics.expired('ACTIVE_TIMEOUT', outcome.expiredActive);
    if (outcome.evictedIdle > 0) this.metrics.expired('IDLE', outcome.evictedIdle);
    this.metrics.queueSizes(outcome.waitingCount, outcome.activeCount);
    this.metrics.activeCapacity(outcome.capacity);
    return outcome;
  }
}
