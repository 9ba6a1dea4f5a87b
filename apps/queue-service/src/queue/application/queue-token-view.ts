import { QueueTokenStatus, type QueueTokenResponse } from '@concert/contracts';
import { assertUnreachable } from '@concert/contracts';
import type { AdmissionRateEstimator } from '../domain/admission-rate-estimator';
import type { QueuePlace } from '../domain/queue-place';

/** The public body of a token (API.md, Queue). */
export type QueueTokenView = QueueTokenResponse;

/**
 * The token's body, `estimatedWaitSeconds` from the room's own admission rate. In the pre-queue
 * it counts the time to the opening plus the wait of an average place in the shuffled pre-queue
 * (anyone's place is uniformly random, so the middle is the expectation).
 */
export function queueTokenView(place: QueuePlace, token: string, estimator: AdmissionRateEstimator, nowMs: number): QueueTokenView {
  const identity = { token, userId: place.userId, concertId: place.concertId };
  switch (place.status) {
    case 'PRE_QUEUE': {
      const opensAtMs = place.opensAtMs ?? nowMs;
      const untilOpening = Math.max(0, Math.ceil((opensAtMs - nowMs) / 1000));
      const averagePlace = Math.ceil((place.preQueueSize ?? 1) / 2);
      return {
        ...identity,
        status: QueueTokenStatus.PRE_QUEUE,
        position: null,
        estimatedWaitSeconds: untilOpening + estimator.waitSeconds(averagePlace),
        expiresAt: null,
        opensAt: new Date(opensAtMs).toISOString(),
      };
    }
    case 'WAITING': {
      const position = place.position ?? 1;
      return { ...identity, status: QueueTokenStatus.WAITING, position, estimatedWaitSeconds: estimator.waitSeconds(position), expiresAt: null, opensAt: null };
    }
    case 'ACTIVE':
      return {
        ...identity,
        status: QueueTokenStatus.ACTIVE,
        position: null,
        estimatedWaitSeconds: 0,
        expiresAt: place.activeUntilMs === null ? null : new Date(place.activeUntilMs).toISOString(),
        opensAt: null,
      };
    case 'EXPIRED':
      return { ...identity, status: QueueTokenStatus.EXPIRED, position: null, estimatedWaitSeconds: 0, expiresAt: null, opensAt: null };
    default:
      return assertUnreachable(place.status);
  }
}

/** What an event stream compares to decide whether to send: status and position (and the window's end, the opening). */
export function changeKeyOf(view: QueueTokenView): string {
  return `${view.status}|${view.position ?? ''}|${view.expiresAt ?? ''}|${view.opensAt ?? ''}`;
}
