import { Inject, Injectable } from '@nestjs/common';
import { AdmissionPolicy } from '../../domain/admission-policy';
import { AdmissionRateEstimator } from '../../domain/admission-rate-estimator';
import { CLOCK, type Clock } from '../ports/clock.port';
import { QUEUE_METRICS, type QueueMetrics } from '../ports/queue-metrics.port';
import { QUEUE_STORE, type QueueStore } from '../ports/queue-store.port';
import { QUEUE_TOKEN_SIGNER, type QueueTokenSigner } from '../ports/queue-token-signer.port';
import { TOKEN_ID_GENERATOR, type TokenIdGenerator } from '../ports/token-id-generator.port';
import { queueTokenView, type QueueTokenView } from '../queue-token-view';

export interface JoinQueueCommand {
  userId: string;
}

export interface JoinQueueResult {
  /** false when the user already held a live token: same token, same place. */
  created: boolean;
  view: QueueTokenView;
}

/**
 * Issues a queue token: a new place at the back of the queue, or the user's live token unchanged.
 * When slots are free the same atomic step admits from the head, so a user joining a quiet system
 * is ACTIVE at once.
 */
@Injectable()
export class JoinQueueUseCase {
  constructor(
    @Inject(QUEUE_STORE) private readonly store: QueueStore,
    @Inject(QUEUE_TOKEN_SIGNER) private readonly signer: QueueTokenSigner,
    @Inject(TOKEN_ID_GENERATOR) private readonly ids: TokenIdGenerator,
    @Inject(CLOCK) private readonly clock: Clock,
    @Inject(QUEUE_METRICS) private readonly metrics: QueueMetrics,
    private readonly policy: AdmissionPolicy,
    private readonly estimator: AdmissionRateEstimator,
  ) {}

  async execute(command: JoinQueueCommand): Promise<JoinQueueResult> {
    const nowMs = this.clock.now();
    const result = await this.store.join({
      tokenId: this.ids.next(),
      // A UUID names the same user in either case: the queue keeps one place per user under the
      // lower-case form, the one every other service stores (Postgres uuid) and answers with.
      userId: command.userId.toLowerCase(),
      issuedAtSeconds: Math.floor(nowMs / 1000),
      round: this.policy.round(nowMs),
    });
    if (result.admitted.length > 0) this.metrics.admitted(result.admitted.map((admission) => admission.waitedMs));
    const { place } = result;
    // Signing is deterministic: the live token's stored claims give back the very same string.
    const token = this.signer.sign({ tokenId: place.tokenId, userId: place.userId, issuedAtSeconds: place.issuedAtSeconds });
    return { created: result.created, view: queueTokenView(place, token, this.estimator) };
  }
}
