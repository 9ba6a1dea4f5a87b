/**
 * The dev issuer's names: the gateway's defaults for AUTH_ISSUER and AUTH_AUDIENCE, so that
 * `npm start` and the tests sign in without an identity provider. Refused in production.
 */
export const DEV_AUTH_ISSUER = 'urn:concert-reservation:dev-issuer';
export const DEV_AUTH_AUDIENCE = 'concert-reservation';

/** A user id: the access token's subject, always a UUID (compared lowercased). */
export const USER_ID_PATTERN = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
