import { QueueTokenStatus, type QueueTokenResponse } from '@concert/contracts';
import { assertUnreachable } from '@concert/contracts';
import type { AdmissionRateEstimator } from '../domain/admission-rate-estimator';
import type { QueuePlace } from '../domain/queue-place';

/** The public body of a token (API.md, Queue). */
export type QueueTokenView = QueueTokenResponse;

export function queueTokenView(place: QueuePlace, token: string, estimator: AdmissionRateEstimator): QueueTokenView {
  switch (place.status) {
    case 'WAITING': {
      const position = place.position ?? 1;
      return { token, userId: place.userId, status: QueueTokenStatus.WAITING, position, estimatedWaitSeconds: estimator.waitSeconds(position), expiresAt: null };
    }
    case 'ACTIVE':
      return {
        token,
        userId: place.userId,
        status: QueueTokenStatus.ACTIVE,
        position: null,
        estimatedWaitSeconds: 0,
        expiresAt: place.activeUntilMs === null ? null : new Date(place.activeUntilMs).toISOString(),
      };
    case 'EXPIRED':
      return { token, userId: place.userId, status: QueueTokenStatus.EXPIRED, position: null, estimatedWaitSeconds: 0, expiresAt: null };
    default:
      return assertUnreachable(place.status);
  }
}

/** What an event stream compares to decide whether to send: status and position (and the window's end). */
export function changeKeyOf(view: QueueTokenView): string {
  return `${view.status}|${view.position ?? ''}|${view.expiresAt ?? ''}`;
}
