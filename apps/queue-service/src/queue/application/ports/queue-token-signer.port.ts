/** What a queue token carries (signed). */
export interface QueueTokenClaimsView {
  tokenId: string;
  userId: string;
  issuedAtSeconds: number;
  /** The concert whose room the token is a place in. */
  concertId: string;
}

/** Signs tokens and verifies presented ones (HMAC with the configured secrets). */
export interface QueueTokenSigner {
  sign(claims: QueueTokenClaimsView): string;
  /** The claims of a genuine token; null for anything malformed, tampered or signed with an unknown key. */
  verify(token: string): QueueTokenClaimsView | null;
}

export const QUEUE_TOKEN_SIGNER = Symbol('QUEUE_TOKEN_SIGNER');
