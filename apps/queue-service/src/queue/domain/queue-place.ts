export type QueuePlaceStatus = 'PRE_QUEUE' | 'WAITING' | 'ACTIVE' | 'EXPIRED';

/** Why a token stopped being live. */
export type ExpiryReason = 'ACTIVE_TIMEOUT' | 'IDLE' | 'PAID';

/** A token's place in its room, as read (atomically) from the store. */
export interface QueuePlace {
  tokenId: string;
  userId: string;
  /** The concert whose room the token is a place in. */
  concertId: string;
  /** Issued-at of the token (epoch seconds), part of its signed claims. */
  issuedAtSeconds: number;
  status: QueuePlaceStatus;
  /** 1-based rank among waiting users; null unless WAITING. */
  position: number | null;
  /** End of the active window (epoch ms); null unless ACTIVE. */
  activeUntilMs: number | null;
  /** The sale's opening (epoch ms) and how many are in the pre-queue; null unless PRE_QUEUE. */
  opensAtMs: number | null;
  preQueueSize: number | null;
}

/** Where a token is: its id and its room (both in its signed claims). */
export interface TokenRef {
  tokenId: string;
  concertId: string;
}
