/** The rules a hold follows, from configuration. */
export interface HoldPolicy {
  /** How long a hold lasts. */
  holdSeconds: number;
  /** Live holds one user may have at once; 0 switches the limit off. */
  maxLiveHoldsPerUser: number;
  /**
   * Answer a seat that is occupied at the first read at once, without a transaction (the
   * default). Off, every request goes through the hold strategy — only to measure strategies.
   */
  refuseOccupiedEarly: boolean;
}

export const HOLD_POLICY = Symbol('HOLD_POLICY');
