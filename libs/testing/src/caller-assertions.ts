import { CALLER_ASSERTION_HEADER, DEV_INTERNAL_ASSERTION_KEY, signCallerAssertion } from '@concert/platform';

/**
 * The header the gateway would send with a request to a service: a caller assertion for this
 * method and path (with its query), acting for `userId` (null: for nobody, as an internal call or
 * an admin call), signed with the dev key every test process uses unless told otherwise.
 */
export function assertionHeaders(
  method: string,
  path: string,
  userId: string | null,
  queueTokenId: string | null = null,
  key: string = process.env.INTERNAL_ASSERTION_KEY ?? DEV_INTERNAL_ASSERTION_KEY,
  queueConcertId: string | null = null,
): Record<string, string> {
  return {
    [CALLER_ASSERTION_HEADER]: signCallerAssertion({ sub: userId, qtid: queueTokenId, qcid: queueConcertId, iss: 'test', m: method.toUpperCase(), p: path }, key, Date.now()),
  };
}
