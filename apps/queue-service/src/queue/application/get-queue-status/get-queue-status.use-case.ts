import { DomainError, ErrorCode } from '@concert/contracts';
import { Inject, Injectable } from '@nestjs/common';
import { AdmissionPolicy } from '../../domain/admission-policy';
import { RoomRateEstimators } from '../../domain/room-rate-estimators';
import { CLOCK, type Clock } from '../ports/clock.port';
import { QUEUE_STORE, type QueueStore } from '../ports/queue-store.port';
import { QUEUE_TOKEN_SIGNER, type QueueTokenClaimsView, type QueueTokenSigner } from '../ports/queue-token-signer.port';
import { queueTokenView, type QueueTokenView } from '../queue-token-view';

/** A token that passed the signature check. */
export interface AuthenticatedToken {
  token: string;
  claims: QueueTokenClaimsView;
}

/**
 * The caller's current place (polling and event streams). The signature is checked here too, not
 * only at the gateway: a forged token never reaches Redis. Reading counts as activity of a
 * waiting user (idle users leave the queue).
 */
@Injectable()
export class GetQueueStatusUseCase {
  constructor(
    @Inject(QUEUE_STORE) private readonly store: QueueStore,
    @Inject(QUEUE_TOKEN_SIGNER) private readonly signer: QueueTokenSigner,
    @Inject(CLOCK) private readonly clock: Clock,
    private readonly policy: AdmissionPolicy,
    private readonly estimators: RoomRateEstimators,
  ) {}

  /** A present, genuine token of the caller (401 QUEUE_TOKEN_MISSING / INVALID, 403 QUEUE_TOKEN_NOT_OWNED). */
  authenticate(token: string | undefined, callerId: string): AuthenticatedToken {
    if (token === undefined || token.trim() === '') {
      throw new DomainError(ErrorCode.QUEUE_TOKEN_MISSING, 'X-Queue-Token header is required');
    }
    const claims = this.signer.verify(token.trim());
    if (!claims) throw new DomainError(ErrorCode.QUEUE_TOKEN_INVALID, 'Queue token is malformed or forged');
    if (claims.userId !== callerId) throw new DomainError(ErrorCode.QUEUE_TOKEN_NOT_OWNED, 'This queue token belongs to another user');
    return { token: token.trim(), claims };
  }

  async execute(token: string | undefined, callerId: string): Promise<QueueTokenView> {
    const authenticated = this.authenticate(token, callerId);
    const [view] = await this.viewsOf([authenticated]);
    if (!view) throw new DomainError(ErrorCode.QUEUE_TOKEN_INVALID, 'Queue token is unknown');
    return view;
  }

  /** Current views of already authenticated tokens in one store round trip; null for an unknown token. */
  async viewsOf(tokens: readonly AuthenticatedToken[]): Promise<Array<QueueTokenView | null>> {
    if (tokens.length === 0) return [];
    const nowMs = this.clock.now();
    const places = await this.store.placesOf(
      tokens.map(({ claims }) => ({ tokenId: claims.tokenId, concertId: claims.concertId })),
      this.policy.round(nowMs),
    );
    return places.map((place, index) => {
      const token = tokens[index];
      // A genuine signature over a token id the store attributes to someone else cannot happen
      // unless a secret leaked; treat it as unknown rather than reveal that user's place.
      if (!place || !token || place.userId !== token.claims.userId) return null;
      return queueTokenView(place, token.token, this.estimators.of(place.concertId), nowMs);
    });
  }
}
