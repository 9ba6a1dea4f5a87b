import { QueueTokenStatus, type QueueTokenResponse } from '@concert/contracts';
import { assertUnreachable } from '@concert/contracts';
import type { AdmissionRateEstimator } from '../domain/admission-rate-estimator';
import type { QueuePlace } from '../domain/queue-place';

/** The public body of a token (API.md, Queue). */
export type QueueTokenView = QueueTokenResponse;

/**
 * `concertId` names the room the token was issued for; `opensAt` stays null until rooms have a
 * scheduled opening (one room stands in for every concert so far).
 */
export function queueTokenView(place: QueuePlace, token: string, estimator: AdmissionRateEstimator, concertId?: string): QueueTokenView {
  const identity = { token, userId: place.userId, concertId: concertId ?? place.concertId ?? '' };
  switch (place.status) {
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

/** What an event stream compares to decide whether to send: status and position (and the window's end). */
export function changeKeyOf(view: QueueTokenView): string {
  return `${view.status}|${view.position ?? ''}|${view.expiresAt ?? ''}`;
}
