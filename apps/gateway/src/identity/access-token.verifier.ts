import { DomainError, ErrorCode } from '@concert/contracts';
import { USER_ID_PATTERN } from '@concert/platform';
import {
  createLocalJWKSet,
  createRemoteJWKSet,
  decodeProtectedHeader,
  errors,
  type JWTVerifyGetKey,
  jwtVerify,
  type JWSHeaderParameters,
  type FlattenedJWSInput,
} from 'jose';
import { VerifiedTokenCache } from './verified-token-cache';

/** Asymmetric algorithms only: never `none`, never an HMAC (whose "key" would be the public key). */
export const ACCEPTED_ALGORITHMS = ['RS256', 'ES256', 'EdDSA'] as const;

/** Most clock difference accepted between the identity provider and the gateway, in seconds. */
export const CLOCK_TOLERANCE_SECONDS = 30;

export interface AccessTokenVerifierOptions {
  issuer: string;
  audience: string;
  /** The provider's key set; a function because the dev issuer's URL is this gateway's own, known once it listens. */
  jwksUrl: () => URL;
  jwksTimeoutMs: number;
  /** Least time between two fetches of the key set (an unknown `kid` refetches it); jose's default is 30 s. */
  jwksCooldownMs?: number;
  /** Test seam: the clock jose checks `exp` and `nbf` against. */
  now?: () => Date;
  /**
   * Tokens verified a moment ago, used again without a signature check until their expiry or
   * `maxAgeSeconds` (0: every request verifies its token). See {@link VerifiedTokenCache}.
   */
  cache?: { maxEntries: number; maxAgeSeconds: number };
}

/** The identity provider's keys could not be had: the caller is not at fault (503). */
class KeysUnavailable extends Error {}

/** No JWS is longer than this in practice; anything longer is refused before parsing. */
const MAX_TOKEN_LENGTH = 8_192;

/**
 * Verifies `Authorization: Bearer` access tokens with jose against the provider's remote JWKS:
 * signature by the key its `kid` names (a `kid` is required), an asymmetric algorithm, issuer,
 * audience, expiry with at most 30 s of leeway, and a UUID subject, which is the user id.
 *
 * The key set is cached; an unknown `kid` refetches it (at most every 10 s, so a flood of made-up
 * `kid`s costs the provider one fetch per 10 s).
 * When the provider cannot be reached, the last key set fetched still verifies tokens signed by
 * its keys; only with no usable key is the answer 503. A token verified a moment ago is taken
 * from a small cache instead of checking its signature again (`cache`). Every refusal is the same
 * 401 without detail, so an attacker learns nothing from the answer.
 */
export class AccessTokenVerifier {
  private remote?: ReturnType<typeof createRemoteJWKSet>;
  private readonly verified: VerifiedTokenCache;

  constructor(private readonly options: AccessTokenVerifierOptions) {
    this.verified = new VerifiedTokenCache({ maxEntries: options.cache?.maxEntries ?? 0, maxAgeMs: (options.cache?.maxAgeSeconds ?? 0) * 1_000 });
  }

  /** The user id of a valid bearer token; throws the contract's 401 (or 503) otherwise. */
  async userIdOf(authorization: string | string[] | undefined): Promise<string> {
    const token = bearerTokenOf(authorization);
    const nowMs = (this.options.now?.() ?? new Date()).getTime();
    const known = this.verified.userIdOf(token, nowMs);
    if (known !== undefined) return known;
    try {
      if (token.length > MAX_TOKEN_LENGTH || typeof decodeProtectedHeader(token).kid !== 'string') throw invalid();
      const { payload } = await jwtVerify(token, this.keyFor, {
        issuer: this.options.issuer,
        audience: this.options.audience,
        algorithms: [...ACCEPTED_ALGORITHMS],
        clockTolerance: CLOCK_TOLERANCE_SECONDS,
        requiredClaims: ['sub', 'exp'],
        currentDate: this.options.now?.(),
      });
      if (typeof payload.sub !== 'string' || !USER_ID_PATTERN.test(payload.sub)) throw invalid();
      const userId = payload.sub.toLowerCase();
      // jose accepted it until exp + the tolerance; so does the cache, and no longer.
      if (typeof payload.exp === 'number') this.verified.remember(token, userId, (payload.exp + CLOCK_TOLERANCE_SECONDS) * 1_000, nowMs);
      return userId;
    } catch (error) {
      if (error instanceof KeysUnavailable) {
        throw new DomainError(ErrorCode.SERVICE_UNAVAILABLE, 'The identity provider is unavailable; try again shortly');
      }
      if (error instanceof DomainError) throw error;
      throw invalid();
    }
  }

  /** The key of the token's `kid` from the remote set, or from the last set fetched while the provider is down. */
  private readonly keyFor: JWTVerifyGetKey = async (header: JWSHeaderParameters, token: FlattenedJWSInput) => {
    this.remote ??= createRemoteJWKSet(this.options.jwksUrl(), { timeoutDuration: this.options.jwksTimeoutMs, cooldownDuration: this.options.jwksCooldownMs ?? 10_000 });
    try {
      return await this.remote(header, token);
    } catch (error) {
      if (error instanceof errors.JWKSNoMatchingKey || error instanceof errors.JWKSMultipleMatchingKeys) throw error;
      const lastKnown = this.remote.jwks();
      if (!lastKnown) throw new KeysUnavailable(error instanceof Error ? error.message : String(error));
      try {
        return await createLocalJWKSet(lastKnown)(header, token);
      } catch {
        throw new KeysUnavailable('no key of the last key set fetched matches the token');
      }
    }
  };
}

function bearerTokenOf(authorization: string | string[] | undefined): string {
  if (authorization === undefined || authorization === '') {
    throw new DomainError(ErrorCode.AUTH_REQUIRED, 'Sign in: this call needs an Authorization: Bearer access token');
  }
  const match = typeof authorization === 'string' ? /^Bearer +([A-Za-z0-9._~+/-]+=*)$/i.exec(authorization.trim()) : null;
  if (!match?.[1]) throw invalid();
  return match[1];
}

function invalid(): DomainError {
  return new DomainError(ErrorCode.AUTH_INVALID, 'The access token is not valid');
}
