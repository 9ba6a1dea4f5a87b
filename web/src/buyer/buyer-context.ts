import { createContext } from 'preact';
import { useContext } from 'preact/hooks';
import type { ApiFailure } from '../api/api-error';
import type { BuyerApi } from '../api/buyer-api';
import type { BuyerSession } from './buyer-session';

/** The parts of the buyer's page. */
export type BuyerView = 'concerts' | 'tickets' | 'wallet';

/** The signed-in buyer, as every part of the page sees them. */
export interface Buyer {
  api: BuyerApi;
  session: BuyerSession;
  /**
   * The failure `error` is; a sign-in that no longer holds (AUTH_INVALID, AUTH_REQUIRED) also
   * signs the buyer out, and the sign-in panel says why.
   */
  failed(error: unknown): ApiFailure;
  show(view: BuyerView): void;
}

export const BuyerContext = createContext<Buyer | undefined>(undefined);

export function useBuyer(): Buyer {
  const buyer = useContext(BuyerContext);
  if (!buyer) throw new Error('useBuyer() outside the signed-in page');
  return buyer;
}
