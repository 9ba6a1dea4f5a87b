import { randomUUID } from 'node:crypto';
import { exportJWK, generateKeyPair, importJWK, type JWK, SignJWT } from 'jose';
import type Redis from 'ioredis';

/** The dev issuer's signing key, shared by every gateway instance (the first to start makes it). */
const KEY_KEY = 'auth:dev-issuer:key';
const ALGORITHM = 'ES256';

export interface DevIssuerOptions {
  issuer: string;
  audience: string;
  tokenSeconds: number;
}

export interface DevAccessToken {
  accessToken: string;
  tokenType: 'Bearer';
  expiresIn: number;
  userId: string;
}

type SigningKey = Awaited<ReturnType<typeof importJWK>>;

/**
 * A stand-in identity provider for development and tests: an ES256 key pair of its own, whose
 * public half the gateway serves at /.well-known/jwks.json and verifies exactly as a real
 * provider's (through the remote JWKS). The pair lives in Redis so that every gateway instance
 * signs with the same key. Never on in production (the gateway refuses to start with it).
 */
export class DevIssuer {
  private key?: Promise<{ privateKey: SigningKey; publicJwk: JWK }>;

  constructor(
    private readonly redis: Redis,
    private readonly options: DevIssuerOptions,
  ) {}

  async issue(userId: string = randomUUID(), nowMs = Date.now()): Promise<DevAccessToken> {
    const { privateKey, publicJwk } = await this.signingKey();
    const issuedAt = Math.floor(nowMs / 1000);
    const accessToken = await new SignJWT({})
      .setProtectedHeader({ alg: ALGORITHM, kid: publicJwk.kid, typ: 'JWT' })
      .setIssuer(this.options.issuer)
      .setAudience(this.options.audience)
      .setSubject(userId.toLowerCase())
      .setIssuedAt(issuedAt)
      .setExpirationTime(issuedAt + this.options.tokenSeconds)
      .setJti(randomUUID())
      .sign(privateKey);
    return { accessToken, tokenType: 'Bearer', expiresIn: this.options.tokenSeconds, userId: userId.toLowerCase() };
  }

  /** The public key set (JWKS document). */
  async keySet(): Promise<{ keys: JWK[] }> {
    return { keys: [(await this.signingKey()).publicJwk] };
  }

  private signingKey(): Promise<{ privateKey: SigningKey; publicJwk: JWK }> {
    this.key ??= this.loadOrCreate().catch((error: unknown) => {
      this.key = undefined;
      throw error;
    });
    return this.key;
  }

  private async loadOrCreate(): Promise<{ privateKey: SigningKey; publicJwk: JWK }> {
    const created = await generateKeyPair(ALGORITHM, { extractable: true });
    const candidate: JWK = { ...(await exportJWK(created.privateKey)), kid: randomUUID(), alg: ALGORITHM, use: 'sig' };
    await this.redis.set(KEY_KEY, JSON.stringify(candidate), 'NX');
    const stored = await this.redis.get(KEY_KEY);
    if (!stored) throw new Error('the dev issuer key could not be stored in Redis');
    const privateJwk = JSON.parse(stored) as JWK;
    const { d: _private, ...publicJwk } = privateJwk;
    return { privateKey: await importJWK(privateJwk, ALGORITHM), publicJwk };
  }
}
