import { Injectable, Logger, type OnModuleDestroy } from '@nestjs/common';
import { DomainError, ErrorCode } from '@concert/contracts';
import { CALLER_ASSERTION_HEADER, REQUEST_ID_HEADER, signCallerAssertion } from '@concert/platform';
import { Agent, request } from 'undici';
import type { ConcertDirectory, ConcertRoomDefaults } from '../application/ports/concert-directory.port';

export interface HttpConcertDirectoryOptions {
  /** concert-service instances, tried round-robin. */
  baseUrls: string[];
  /** Budget of one attempt on one instance. */
  timeoutMs: number;
  /** INTERNAL_ASSERTION_KEY: concert-service believes only signed callers. */
  assertionKey: string;
  /** Concerts remembered as existing (they are never deleted), most recent kept. */
  maxRemembered?: number;
}

/**
 * Asks concert-service's GET /internal/concerts/:id whether a concert exists, and with which room
 * settings it was created. A concert, once created, always exists and keeps those, so a yes is
 * remembered and a crowd joining one room asks once per instance; a no is not (the concert may be
 * created a moment later). When no instance answers, the join is refused with 503 rather than let
 * into a room that may not exist.
 */
@Injectable()
export class HttpConcertDirectory implements ConcertDirectory, OnModuleDestroy {
  private readonly logger = new Logger(HttpConcertDirectory.name);
  private readonly agent: Agent;
  private readonly known = new Map<string, ConcertRoomDefaults>();
  private next = 0;

  constructor(private readonly options: HttpConcertDirectoryOptions) {
    if (options.baseUrls.length === 0) throw new Error('HttpConcertDirectory needs at least one concert-service URL');
    this.agent = new Agent({ connect: { timeout: options.timeoutMs }, keepAliveTimeout: 30_000, connections: 16 });
  }

  async find(concertId: string, requestId?: string): Promise<ConcertRoomDefaults | null> {
    const known = this.known.get(concertId);
    if (known) return known;
    const { baseUrls } = this.options;
    const start = this.next++ % baseUrls.length;
    const failures: string[] = [];
    for (let i = 0; i < baseUrls.length; i++) {
      const baseUrl = baseUrls[(start + i) % baseUrls.length];
      try {
        const found = await this.ask(baseUrl, concertId, requestId);
        if (found) this.remember(concertId, found);
        return found;
      } catch (error) {
        failures.push(`${baseUrl}: ${error instanceof Error ? error.message : String(error)}`);
      }
    }
    this.logger.warn(`concert-service unreachable for concert ${concertId}: ${failures.join('; ')}`);
    throw new DomainError(ErrorCode.SERVICE_UNAVAILABLE, 'The concert could not be checked right now; try again shortly');
  }

  private async ask(baseUrl: string, concertId: string, requestId?: string): Promise<ConcertRoomDefaults | null> {
    const url = new URL(`internal/concerts/${encodeURIComponent(concertId)}`, baseUrl.endsWith('/') ? baseUrl : `${baseUrl}/`);
    const response = await request(url, {
      method: 'GET',
      dispatcher: this.agent,
      headers: {
        accept: 'application/json',
        [CALLER_ASSERTION_HEADER]: signCallerAssertion({ sub: null, qtid: null, iss: 'queue-service', m: 'GET', p: url.pathname }, this.options.assertionKey, Date.now()),
        ...(requestId ? { [REQUEST_ID_HEADER]: requestId } : {}),
      },
      headersTimeout: this.options.timeoutMs,
      bodyTimeout: this.options.timeoutMs,
      signal: AbortSignal.timeout(this.options.timeoutMs),
    });
    const body: unknown = await response.body.json().catch(() => undefined);
    if (response.statusCode === 404 && codeOf(body) === ErrorCode.CONCERT_NOT_FOUND) return null;
    if (response.statusCode !== 200) throw new Error(`answered ${response.statusCode}`);
    return roomDefaultsOf(body);
  }

  private remember(concertId: string, defaults: ConcertRoomDefaults): void {
    if (this.known.size >= (this.options.maxRemembered ?? 10_000)) {
      const oldest = this.known.keys().next().value;
      if (oldest !== undefined) this.known.delete(oldest);
    }
    this.known.set(concertId, defaults);
  }

  async onModuleDestroy(): Promise<void> {
    await this.agent.close();
  }
}

function codeOf(body: unknown): unknown {
  return typeof body === 'object' && body !== null ? (body as { code?: unknown }).code : undefined;
}

/** The `waitingRoom` of concert-service's answer; a field it lacks or that is malformed takes the default. */
function roomDefaultsOf(body: unknown): ConcertRoomDefaults {
  const room = typeof body === 'object' && body !== null ? (body as { waitingRoom?: unknown }).waitingRoom : undefined;
  const field = (name: string): unknown => (typeof room === 'object' && room !== null ? (room as Record<string, unknown>)[name] : undefined);
  const positive = (value: unknown): number | null => (typeof value === 'number' && Number.isInteger(value) && value > 0 ? value : null);
  const opensAt = field('saleOpensAt');
  const opensAtMs = typeof opensAt === 'string' ? Date.parse(opensAt) : Number.NaN;
  return { maxActiveUsers: positive(field('maxActiveUsers')), activeSeconds: positive(field('activeSeconds')), saleOpensAtMs: Number.isFinite(opensAtMs) ? opensAtMs : null };
}
