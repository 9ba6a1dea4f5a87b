import { randomUUID } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { DomainError, ErrorCode } from '@concert/contracts';
import { Logger } from '@nestjs/common';
import { CALLER_ASSERTION_HEADER, type CallerAssertionClaims, REQUEST_ID_HEADER, verifyCallerAssertion } from '@concert/platform';
import { HttpConcertDirectory } from './http-concert-directory';

const KEY = 'test-internal-assertion-key';

/**
 * A stand-in for concert-service's GET /internal/concerts/:id on a real socket: like every
 * service it believes only a genuine caller assertion made for the request (401 otherwise).
 */
class ConcertServiceStub {
  readonly concerts = new Set<string>();
  readonly rooms = new Map<string, Record<string, unknown>>();
  readonly requests: Array<{ url: string; requestId: string | undefined; claims: CallerAssertionClaims | null }> = [];
  /** Overrides the answer (status and body) while set. */
  answer: { status: number; body: unknown } | undefined;

  private constructor(
    private readonly server: Server,
    readonly baseUrl: string,
  ) {}

  static async start(): Promise<ConcertServiceStub> {
    const holder: { stub?: ConcertServiceStub } = {};
    const server = createServer((req, res) => holder.stub?.handle(req, res));
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    holder.stub = new ConcertServiceStub(server, `http://127.0.0.1:${(server.address() as AddressInfo).port}`);
    return holder.stub;
  }

  private handle(req: IncomingMessage, res: ServerResponse): void {
    const header = req.headers[CALLER_ASSERTION_HEADER];
    const claims = typeof header === 'string' ? verifyCallerAssertion(header, [KEY], { method: req.method ?? '', path: req.url ?? '', nowMs: Date.now() }) : null;
    const requestId = req.headers[REQUEST_ID_HEADER];
    this.requests.push({ url: req.url ?? '', requestId: typeof requestId === 'string' ? requestId : undefined, claims });
    const send = (status: number, body: unknown): void => {
      res.writeHead(status, { 'content-type': 'application/json' });
      res.end(JSON.stringify(body));
    };
    if (!claims) return send(401, { statusCode: 401, code: ErrorCode.AUTH_INVALID, message: 'no genuine assertion', requestId: 'stub' });
    if (this.answer) return send(this.answer.status, this.answer.body);
    const concertId = /^\/internal\/concerts\/([^/?]+)$/.exec(req.url ?? '')?.[1];
    if (concertId && this.concerts.has(decodeURIComponent(concertId))) {
      return send(200, { concertId, waitingRoom: this.rooms.get(decodeURIComponent(concertId)) ?? { maxActiveUsers: null, activeSeconds: null, saleOpensAt: null } });
    }
    return send(404, { statusCode: 404, code: ErrorCode.CONCERT_NOT_FOUND, message: 'Concert not found', requestId: 'stub' });
  }

  async stop(): Promise<void> {
    this.server.closeAllConnections();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }
}

async function deadUrl(): Promise<string> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return `http://127.0.0.1:${port}`;
}

async function codeOf(promise: Promise<unknown>): Promise<ErrorCode | undefined> {
  const error: unknown = await promise.then(
    () => undefined,
    (rejection: unknown) => rejection,
  );
  return error instanceof DomainError ? error.code : undefined;
}

/** queue-service's question to concert-service, over real HTTP. */
describe('HttpConcertDirectory', () => {
  let stub: ConcertServiceStub;
  let warnings: jest.SpyInstance;
  const directories: HttpConcertDirectory[] = [];

  function directory(baseUrls: string[], assertionKey = KEY): HttpConcertDirectory {
    const created = new HttpConcertDirectory({ baseUrls, timeoutMs: 1_000, assertionKey });
    directories.push(created);
    return created;
  }

  beforeEach(async () => {
    warnings = jest.spyOn(Logger.prototype, 'warn').mockImplementation(() => undefined);
    stub = await ConcertServiceStub.start();
  });

  afterEach(async () => {
    await Promise.all(directories.splice(0).map((created) => created.onModuleDestroy()));
    await stub.stop();
  });

  it('asks with an assertion for nobody made for that one request, with the request id, and remembers a concert that exists', async () => {
    const concertId = randomUUID();
    stub.concerts.add(concertId);
    const sut = directory([stub.baseUrl]);

    await expect(sut.find(concertId, 'req-1')).resolves.toEqual({ maxActiveUsers: null, activeSeconds: null, saleOpensAtMs: null });
    await expect(sut.find(concertId, 'req-2')).resolves.toEqual({ maxActiveUsers: null, activeSeconds: null, saleOpensAtMs: null });

    expect(stub.requests).toHaveLength(1);
    expect(stub.requests[0]).toMatchObject({
      url: `/internal/concerts/${concertId}`,
      requestId: 'req-1',
      claims: { sub: null, qtid: null, iss: 'queue-service', m: 'GET', p: `/internal/concerts/${concertId}` },
    });
  });

  it('answers null for CONCERT_NOT_FOUND and asks again next time (the concert may be created a moment later)', async () => {
    const concertId = randomUUID();
    const sut = directory([stub.baseUrl]);

    await expect(sut.find(concertId)).resolves.toBeNull();
    stub.concerts.add(concertId);
    await expect(sut.find(concertId)).resolves.not.toBeNull();
    expect(stub.requests).toHaveLength(2);
  });

  it("reads the concert's own room settings, a missing or malformed one taking the default", async () => {
    const [own, odd] = [randomUUID(), randomUUID()];
    stub.concerts.add(own);
    stub.concerts.add(odd);
    stub.rooms.set(own, { maxActiveUsers: 50, activeSeconds: 120, saleOpensAt: '2030-01-01T21:00:00+09:00' });
    stub.rooms.set(odd, { maxActiveUsers: 1.5, activeSeconds: 'soon', saleOpensAt: 'tomorrow' });
    const sut = directory([stub.baseUrl]);

    await expect(sut.find(own)).resolves.toEqual({ maxActiveUsers: 50, activeSeconds: 120, saleOpensAtMs: Date.parse('2030-01-01T12:00:00Z') });
    await expect(sut.find(odd)).resolves.toEqual({ maxActiveUsers: null, activeSeconds: null, saleOpensAtMs: null });
  });

  it('passes over an instance that is down to one that answers', async () => {
    const concertId = randomUUID();
    stub.concerts.add(concertId);
    const sut = directory([await deadUrl(), stub.baseUrl]);

    await expect(sut.find(concertId)).resolves.not.toBeNull();
  });

  it.each([
    ['every instance is down', async () => [await deadUrl()], undefined, undefined],
    ['the assertion is refused (another key)', async () => [stub.baseUrl], 'another-key', undefined],
    ['an instance fails', async () => [stub.baseUrl], undefined, { status: 500, body: { code: 'INTERNAL_ERROR' } }],
    ['a 404 that is not CONCERT_NOT_FOUND (no such route)', async () => [stub.baseUrl], undefined, { status: 404, body: { code: 'NOT_FOUND' } }],
  ])('throws SERVICE_UNAVAILABLE (never a guess) when %s', async (_case, urls, key, answer) => {
    stub.answer = answer;
    const sut = directory(await urls(), key);

    await expect(codeOf(sut.find(randomUUID()))).resolves.toBe(ErrorCode.SERVICE_UNAVAILABLE);
    expect(warnings).toHaveBeenCalledWith(expect.stringMatching(/^concert-service unreachable for concert /));
  });
});
