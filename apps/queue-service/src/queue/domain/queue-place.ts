export type QueuePlaceStatus = 'WAITING' | 'ACTIVE' | 'EXPIRED';

/** Why a token stopped being live. */
export type ExpiryReason = 'ACTIVE_TIMEOUT' | 'IDLE' | 'PAID';

/** A token's place in the waiting room, as read (atomically) from the store. */
export interface QueuePlace {
  tokenId: string;
  userId: string;
  /** The concert the token was issued for; null for a token from before concerts were named. */
  concertId: string | null;
  /** Issued-at of the token (epoch seconds), part of its signed claims. */
  issuedAtSeconds: number;
  status: QueuePlaceStatus;
  /** 1-based rank among waiting users; null unless WAITING. */
  position: number | null;
  /** End of the active window (epoch ms); null unless ACTIVE. */
  activeUntilMs: number | null;
}
