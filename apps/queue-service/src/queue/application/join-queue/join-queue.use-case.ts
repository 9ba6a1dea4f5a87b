import { Inject, Injectable } from '@nestjs/common';
import { AdmissionPolicy } from '../../domain/admission-policy';
import { AdmissionRateEstimator } from '../../domain/admission-rate-estimator';
import { DomainError, ErrorCode } from '@concert/contracts';
import { CLOCK, type Clock } from '../ports/clock.port';
import { CONCERT_DIRECTORY, type ConcertDirectory } from '../ports/concert-directory.port';
import { QUEUE_METRICS, type QueueMetrics } from '../ports/queue-metrics.port';
import { QUEUE_STORE, type QueueStore } from '../ports/queue-store.port';
import { QUEUE_TOKEN_SIGNER, type QueueTokenSigner } from '../ports/queue-token-signer.port';
import { TOKEN_ID_GENERATOR, type TokenIdGenerator } from '../ports/token-id-generator.port';
import { queueTokenView, type QueueTokenView } from '../queue-token-view';

export interface JoinQueueCommand {
  /** The caller (the access token's subject). */
  userId: string;
  /** The concert whose room to join. */
  concertId: string;
  requestId?: string;
}

export interface JoinQueueResult {
  /** false when the user already held a live token: same token, same place. */
  created: boolean;
  view: QueueTokenView;
}

/**
 * Issues a queue token for a concert that exists (404 CONCERT_NOT_FOUND otherwise): a new place
 * at the back of the queue, or the user's live token unchanged. One room stands in for every
 * concert so far: the token names the concert it was first issued for.
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
    @Inject(CONCERT_DIRECTORY) private readonly concerts: ConcertDirectory,
    private readonly policy: AdmissionPolicy,
    private readonly estimator: AdmissionRateEstimator,
  ) {}

  async execute(command: JoinQueueCommand): Promise<JoinQueueResult> {
    const concertId = command.concertId.toLowerCase();
    if (!(await this.concerts.exists(concertId, command.requestId))) {
      throw new DomainError(ErrorCode.CONCERT_NOT_FOUND, `Concert ${concertId} does not exist`);
    }
    const nowMs = this.clock.now();
    const result = await this.store.join({
      tokenId: this.ids.next(),
      // A UUID names the same user in either case: the queue keeps one place per user under the
      // lower-case form, the one every other service stores (Postgres uuid) and answers with.
      userId: command.userId.toLowerCase(),
      concertId,
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
