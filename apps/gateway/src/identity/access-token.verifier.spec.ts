import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { randomUUID } from 'node:crypto';
import { DomainError, ErrorCode } from '@concert/contracts';
import { exportJWK, generateKeyPair, type JWK, SignJWT } from 'jose';
import { AccessTokenVerifier } from './access-token.verifier';

const ISSUER = 'https://id.example.test/';
const AUDIENCE = 'concert-reservation';

type Keys = Awaited<ReturnType<typeof generateKeyPair>>;

/** A real HTTP server serving a key set that the test changes, or refusing to answer. */
class KeySetServer {
  keys: JWK[] = [];
  fetches = 0;
  down = false;
  private readonly server: Server = createServer((_request, response) => {
    this.fetches++;
    if (this.down) {
      response.writeHead(503).end();
      return;
    }
    response.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ keys: this.keys }));
  });

  async start(): Promise<URL> {
    await new Promise<void>((resolve) => this.server.listen(0, '127.0.0.1', resolve));
    return new URL(`http://127.0.0.1:${(this.server.address() as AddressInfo).port}/jwks.json`);
  }

  stop(): Promise<void> {
    return new Promise((resolve) => this.server.close(() => resolve()));
  }
}

async function publicJwk(keys: Keys, kid: string, alg: string): Promise<JWK> {
  return { ...(await exportJWK(keys.publicKey)), kid, alg, use: 'sig' };
}

function sign(keys: Keys, claims: { sub?: string; iss?: string; aud?: string; exp?: number } = {}, header: { alg?: string; kid?: string } = {}): Promise<string> {
  const now = Math.floor(Date.now() / 1000);
  const jwt = new SignJWT({})
    .setProtectedHeader({ alg: header.alg ?? 'ES256', ...(header.kid === '' ? {} : { kid: header.kid ?? 'key-1' }) })
    .setIssuer(claims.iss ?? ISSUER)
    .setAudience(claims.aud ?? AUDIENCE)
    .setIssuedAt(now)
    .setExpirationTime(claims.exp ?? now + 300);
  if (claims.sub !== '') jwt.setSubject(claims.sub ?? USER);
  return jwt.sign(keys.privateKey);
}

const USER = '5F0C9A36-2B1E-4A55-8F6E-1F1E9D2C3B4A';

async function codeOf(promise: Promise<unknown>): Promise<ErrorCode> {
  const error: unknown = await promise.then(
    () => undefined,
    (caught: unknown) => caught,
  );
  if (!(error instanceof DomainError)) throw new Error(`expected a refusal, got ${String(error)}`);
  return error.code;
}

function base64url(value: object): string {
  return Buffer.from(JSON.stringify(value)).toString('base64url');
}

describe('AccessTokenVerifier', () => {
  const server = new KeySetServer();
  let url: URL;
  let keys: Keys;

  beforeAll(async () => {
    url = await server.start();
    keys = await generateKeyPair('ES256', { extractable: true });
  });

  afterAll(() => server.stop());

  beforeEach(async () => {
    server.keys = [await publicJwk(keys, 'key-1', 'ES256')];
    server.down = false;
    server.fetches = 0;
  });

  const verifier = (options: { cooldownMs?: number; jwksUrl?: URL; cacheSeconds?: number; now?: () => Date } = {}) =>
    new AccessTokenVerifier({
      issuer: ISSUER,
      audience: AUDIENCE,
      jwksUrl: () => options.jwksUrl ?? url,
      jwksTimeoutMs: 500,
      jwksCooldownMs: options.cooldownMs,
      ...(options.cacheSeconds ? { cache: { maxEntries: 100, maxAgeSeconds: options.cacheSeconds } } : {}),
      ...(options.now ? { now: options.now } : {}),
    });

  it('gives the subject of a genuine token, lower-cased, fetching the key set once', async () => {
    const sut = verifier();
    await expect(sut.userIdOf(`Bearer ${await sign(keys)}`)).resolves.toBe(USER.toLowerCase());
    await expect(sut.userIdOf(`bearer ${await sign(keys)}`)).resolves.toBe(USER.toLowerCase());
    expect(server.fetches).toBe(1);
  });

  it('answers AUTH_REQUIRED without a header and AUTH_INVALID for another scheme or garbage', async () => {
    const sut = verifier();
    await expect(codeOf(sut.userIdOf(undefined))).resolves.toBe(ErrorCode.AUTH_REQUIRED);
    await expect(codeOf(sut.userIdOf(''))).resolves.toBe(ErrorCode.AUTH_REQUIRED);
    for (const header of ['Basic dXNlcjpwYXNz', 'Bearer', 'Bearer not.a.jwt', 'Bearer a b', ['Bearer x', 'Bearer y']]) {
      await expect(codeOf(sut.userIdOf(header))).resolves.toBe(ErrorCode.AUTH_INVALID);
    }
  });

  it('refuses alg none', async () => {
    const payload = base64url({ sub: USER, iss: ISSUER, aud: AUDIENCE, exp: Math.floor(Date.now() / 1000) + 300 });
    const unsigned = `${base64url({ alg: 'none', kid: 'key-1' })}.${payload}.`;
    await expect(codeOf(verifier().userIdOf(`Bearer ${unsigned}`))).resolves.toBe(ErrorCode.AUTH_INVALID);
  });

  it('refuses HS256 signed with the public key as the secret (algorithm confusion)', async () => {
    const rsa = await generateKeyPair('RS256', { extractable: true });
    const jwk = await publicJwk(rsa, 'key-1', 'RS256');
    server.keys = [jwk];
    const secret = new TextEncoder().encode(JSON.stringify(jwk));
    const now = Math.floor(Date.now() / 1000);
    const forged = await new SignJWT({}).setProtectedHeader({ alg: 'HS256', kid: 'key-1' }).setSubject(USER).setIssuer(ISSUER).setAudience(AUDIENCE).setExpirationTime(now + 300).sign(secret);
    await expect(codeOf(verifier().userIdOf(`Bearer ${forged}`))).resolves.toBe(ErrorCode.AUTH_INVALID);
  });

  it('accepts RS256 and EdDSA keys too', async () => {
    const rsa = await generateKeyPair('RS256', { extractable: true });
    const ed = await generateKeyPair('EdDSA', { extractable: true });
    server.keys = [await publicJwk(rsa, 'rsa', 'RS256'), await publicJwk(ed, 'ed', 'EdDSA')];
    const sut = verifier();
    await expect(sut.userIdOf(`Bearer ${await sign(rsa, {}, { alg: 'RS256', kid: 'rsa' })}`)).resolves.toBe(USER.toLowerCase());
    await expect(sut.userIdOf(`Bearer ${await sign(ed, {}, { alg: 'EdDSA', kid: 'ed' })}`)).resolves.toBe(USER.toLowerCase());
  });

  it('refuses a token without a kid, or whose kid names another key', async () => {
    const other = await generateKeyPair('ES256', { extractable: true });
    server.keys = [await publicJwk(keys, 'key-1', 'ES256'), await publicJwk(other, 'key-2', 'ES256')];
    const sut = verifier();
    await expect(codeOf(sut.userIdOf(`Bearer ${await sign(keys, {}, { kid: '' })}`))).resolves.toBe(ErrorCode.AUTH_INVALID);
    await expect(codeOf(sut.userIdOf(`Bearer ${await sign(keys, {}, { kid: 'key-2' })}`))).resolves.toBe(ErrorCode.AUTH_INVALID);
    await expect(codeOf(sut.userIdOf(`Bearer ${await sign(keys, {}, { kid: 'unknown' })}`))).resolves.toBe(ErrorCode.AUTH_INVALID);
  });

  it('refetches the key set on an unknown kid, so a rotated key is accepted', async () => {
    const sut = verifier({ cooldownMs: 0 });
    await expect(sut.userIdOf(`Bearer ${await sign(keys)}`)).resolves.toBe(USER.toLowerCase());
    const next = await generateKeyPair('ES256', { extractable: true });
    server.keys = [await publicJwk(next, 'key-2', 'ES256')];
    await expect(sut.userIdOf(`Bearer ${await sign(next, {}, { kid: 'key-2' })}`)).resolves.toBe(USER.toLowerCase());
    expect(server.fetches).toBe(2);
  });

  it('allows at most 30 s of clock leeway on expiry', async () => {
    const now = Math.floor(Date.now() / 1000);
    const sut = verifier();
    await expect(sut.userIdOf(`Bearer ${await sign(keys, { exp: now - 20 })}`)).resolves.toBe(USER.toLowerCase());
    await expect(codeOf(sut.userIdOf(`Bearer ${await sign(keys, { exp: now - 40 })}`))).resolves.toBe(ErrorCode.AUTH_INVALID);
  });

  it.each([
    ['another issuer', { iss: 'https://evil.example.test/' }],
    ['another audience', { aud: 'someone-else' }],
    ['a subject that is not a UUID', { sub: 'admin' }],
    ['no subject', { sub: '' }],
  ])('refuses a token of %s', async (_what, claims) => {
    await expect(codeOf(verifier().userIdOf(`Bearer ${await sign(keys, claims)}`))).resolves.toBe(ErrorCode.AUTH_INVALID);
  });

  it('refuses a token whose payload was changed after signing', async () => {
    const [header, , signature] = (await sign(keys)).split('.') as [string, string, string];
    const tampered = base64url({ sub: randomUUID(), iss: ISSUER, aud: AUDIENCE, exp: Math.floor(Date.now() / 1000) + 300 });
    await expect(codeOf(verifier().userIdOf(`Bearer ${header}.${tampered}.${signature}`))).resolves.toBe(ErrorCode.AUTH_INVALID);
  });

  it('answers SERVICE_UNAVAILABLE when the provider cannot be reached and no key is known', async () => {
    server.down = true;
    await expect(codeOf(verifier().userIdOf(`Bearer ${await sign(keys)}`))).resolves.toBe(ErrorCode.SERVICE_UNAVAILABLE);
    const nobody = new URL('http://127.0.0.1:9/jwks.json');
    await expect(codeOf(verifier({ jwksUrl: nobody }).userIdOf(`Bearer ${await sign(keys)}`))).resolves.toBe(ErrorCode.SERVICE_UNAVAILABLE);
  });

  it('keeps verifying with the key set it has when the provider goes down', async () => {
    const sut = verifier({ cooldownMs: 0 });
    await expect(sut.userIdOf(`Bearer ${await sign(keys)}`)).resolves.toBe(USER.toLowerCase());
    server.down = true;
    await expect(sut.userIdOf(`Bearer ${await sign(keys)}`)).resolves.toBe(USER.toLowerCase());
    const unknown = await generateKeyPair('ES256', { extractable: true });
    await expect(codeOf(sut.userIdOf(`Bearer ${await sign(unknown, {}, { kid: 'key-9' })}`))).resolves.toBe(ErrorCode.SERVICE_UNAVAILABLE);
  });

  describe('with the verified-token cache', () => {
    let clock: number;
    const now = () => new Date(clock);
    beforeEach(() => {
      clock = Date.now();
    });

    it('takes a token verified a moment ago on trust for at most its age limit: a withdrawn key stops working then', async () => {
      const sut = verifier({ cooldownMs: 0, cacheSeconds: 30, now });
      const token = await sign(keys);
      await expect(sut.userIdOf(`Bearer ${token}`)).resolves.toBe(USER.toLowerCase());
      // The provider withdraws key-1 and the gateway learns it (a token of key-2 refetches the set).
      const rotated = await generateKeyPair('ES256', { extractable: true });
      server.keys = [await publicJwk(rotated, 'key-2', 'ES256')];
      await expect(sut.userIdOf(`Bearer ${await sign(rotated, {}, { kid: 'key-2' })}`)).resolves.toBe(USER.toLowerCase());
      await expect(codeOf(verifier({ cooldownMs: 0 }).userIdOf(`Bearer ${token}`))).resolves.toBe(ErrorCode.AUTH_INVALID);
      // Still taken from the cache within 30 s of its verification…
      clock += 29_000;
      await expect(sut.userIdOf(`Bearer ${token}`)).resolves.toBe(USER.toLowerCase());
      // …and verified again, and refused, after.
      clock += 2_000;
      await expect(codeOf(sut.userIdOf(`Bearer ${token}`))).resolves.toBe(ErrorCode.AUTH_INVALID);
    });

    it('never keeps a token past its expiry and the clock tolerance', async () => {
      const sut = verifier({ cacheSeconds: 300, now });
      const token = await sign(keys, { exp: Math.floor(clock / 1000) + 5 });
      await expect(sut.userIdOf(`Bearer ${token}`)).resolves.toBe(USER.toLowerCase());
      clock += 34_000;
      await expect(sut.userIdOf(`Bearer ${token}`)).resolves.toBe(USER.toLowerCase());
      clock += 2_000;
      await expect(codeOf(sut.userIdOf(`Bearer ${token}`))).resolves.toBe(ErrorCode.AUTH_INVALID);
    });

    it('keeps no refusal: a token refused for an unknown key verifies once the key is published', async () => {
      const sut = verifier({ cooldownMs: 0, cacheSeconds: 30, now });
      const fresh = await generateKeyPair('ES256', { extractable: true });
      const token = await sign(fresh, {}, { kid: 'key-3' });
      await expect(codeOf(sut.userIdOf(`Bearer ${token}`))).resolves.toBe(ErrorCode.AUTH_INVALID);
      server.keys = [...server.keys, await publicJwk(fresh, 'key-3', 'ES256')];
      await expect(sut.userIdOf(`Bearer ${token}`)).resolves.toBe(USER.toLowerCase());
    });

    it('gives a changed token nothing of the cached one', async () => {
      const sut = verifier({ cacheSeconds: 30, now });
      const token = await sign(keys);
      await expect(sut.userIdOf(`Bearer ${token}`)).resolves.toBe(USER.toLowerCase());
      const [header, , signature] = token.split('.') as [string, string, string];
      const tampered = base64url({ sub: randomUUID(), iss: ISSUER, aud: AUDIENCE, exp: Math.floor(clock / 1000) + 300 });
      await expect(codeOf(sut.userIdOf(`Bearer ${header}.${tampered}.${signature}`))).resolves.toBe(ErrorCode.AUTH_INVALID);
    });
  });
});
