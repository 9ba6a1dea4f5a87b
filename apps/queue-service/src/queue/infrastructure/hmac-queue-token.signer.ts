import { signQueueToken, verifyQueueToken } from '@concert/platform';
import type { QueueTokenClaimsView, QueueTokenSigner } from '../application/ports/queue-token-signer.port';

/** HMAC-SHA256 tokens (libs/platform queue-token), the format the gateway verifies. The first secret signs. */
export class HmacQueueTokenSigner implements QueueTokenSigner {
  constructor(private readonly secrets: readonly string[]) {
    if (secrets.length === 0 || secrets.some((secret) => secret.length === 0)) throw new Error('queue token secrets must not be empty');
  }

  sign(claims: QueueTokenClaimsView): string {
    return signQueueToken({ tid: claims.tokenId, uid: claims.userId, iat: claims.issuedAtSeconds, cid: claims.concertId }, this.secrets[0]);
  }

  verify(token: string): QueueTokenClaimsView | null {
    const claims = verifyQueueToken(token, this.secrets);
    return claims ? { tokenId: claims.tid, userId: claims.uid, issuedAtSeconds: claims.iat, concertId: claims.cid } : null;
  }
}
