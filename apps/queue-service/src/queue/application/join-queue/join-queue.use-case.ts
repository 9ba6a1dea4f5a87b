import { Inject, Injectable } from '@nestjs/common';
import { AdmissionPolicy } from '../../domain/admission-policy';
import { shuffleScore } from '@concert/platform';
import { RoomRateEstimators } from '../../domain/room-rate-estimators';
import { CLOCK, type Clock } from '../ports/clock.port';
import { RoomSetups } from '../room-setups';
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
 * Issues a queue token in the room of a concert that exists (404 CONCERT_NOT_FOUND otherwise): a
 * new place — in the pre-queue before the sale opens, at the back of the queue after — or the
 * user's live token in that room unchanged. A user may hold a place in several rooms at once.
 * When slots are free the same atomic step admits from the head, so a user joining a quiet room
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
    private readonly setups: RoomSetups,
    private readonly policy: AdmissionPolicy,
    private readonly estimators: RoomRateEstimators,
  ) {}

  async execute(command: JoinQueueCommand): Promise<JoinQueueResult> {
    const concertId = command.concertId.toLowerCase();
    const setup = await this.setups.of(concertId, command.requestId);
    const nowMs = this.clock.now();
    const tokenId = this.ids.next();
    const result = await this.store.join({
      tokenId,
      // A UUID names the same user in either case: the queue keeps one place per user under the
      // lower-case form, the one every other service stores (Postgres uuid) and answers with.
      userId: command.userId.toLowerCase(),
      concertId,
      issuedAtSeconds: Math.floor(nowMs / 1000),
      shuffleScore: shuffleScore(setup.seed, tokenId),
      setup,
      round: this.policy.round(nowMs),
    });
    if (result.admitted.length > 0) this.metrics.admitted(result.admitted.map((admission) => admission.waitedMs));
    const { place } = result;
    // Signing is deterministic: the live token's stored claims give back the very same string.
    const token = this.signer.sign({ tokenId: place.tokenId, userId: place.userId, issuedAtSeconds: place.issuedAtSeconds, concertId: place.concertId });
    return { created: result.created, view: queueTokenView(place, token, this.estimators.of(concertId), nowMs) };
  }
}
