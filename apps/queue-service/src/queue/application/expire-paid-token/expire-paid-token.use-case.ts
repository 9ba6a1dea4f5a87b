import { Inject, Injectable } from '@nestjs/common';
import { AdmissionPolicy } from '../../domain/admission-policy';
import { CLOCK, type Clock } from '../ports/clock.port';
import { QUEUE_METRICS, type QueueMetrics } from '../ports/queue-metrics.port';
import { type ExpireOutcome, QUEUE_STORE, type QueueStore } from '../ports/queue-store.port';

export interface ExpirePaidTokenCommand {
  /** The concert of the purchase: the room of its token. */
  concertId: string;
  /** The token the payment was made with (null when the payment did not name one). */
  queueTokenId: string | null;
  userId: string;
  paidAtMs: number;
  /** Payment → reservation confirmed, when known: the saga latency the adaptive admission limit follows. */
  sagaLatencyMs: number | null;
}

/**
 * A confirmed purchase ends the user's turn: the token becomes EXPIRED (the gateway then answers
 * QUEUE_TOKEN_EXPIRED) and its active slot goes to the next waiting user in the same atomic step,
 * without waiting for the next admission round. With adaptive admission on, the purchase's saga
 * latency adjusts the active set's capacity first, in that same step. Idempotent: a redelivery
 * finds the token EXPIRED and changes nothing.
 */
@Injectable()
export class ExpirePaidTokenUseCase {
  constructor(
    @Inject(QUEUE_STORE) private readonly store: QueueStore,
    @Inject(CLOCK) private readonly clock: Clock,
    @Inject(QUEUE_METRICS) private readonly metrics: QueueMetrics,
    private readonly policy: AdmissionPolicy,
  ) {}

  async execute(command: ExpirePaidTokenCommand): Promise<ExpireOutcome> {
    const outcome = await this.store.expire({
      concertId: command.concertId.toLowerCase(),
      tokenId: command.queueTokenId,
      userId: command.userId,
      // Without a token id, only a token that existed when the payment was made is the payment's
      // token; a token the user took afterwards (a new visit) stays live.
      notJoinedAfterMs: command.paidAtMs,
      reason: 'PAID',
      round: this.policy.round(this.clock.now()),
      limitAdjustment: this.policy.limitAdjustment(command.sagaLatencyMs),
    });
    if (outcome.result === 'EXPIRED') {
      this.metrics.expired('PAID', 1);
      if (outcome.admitted.length > 0) this.metrics.admitted(outcome.admitted.map((admission) => admission.waitedMs));
    }
    return outcome;
  }
}
