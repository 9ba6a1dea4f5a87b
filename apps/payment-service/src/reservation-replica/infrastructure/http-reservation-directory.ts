import { Injectable, Logger, type OnModuleDestroy } from '@nestjs/common';
import { DomainError, ErrorCode } from '@concert/contracts';
import { CALLER_ASSERTION_HEADER, REQUEST_ID_HEADER, signCallerAssertion } from '@concert/platform';
import { Agent, request } from 'undici';
import { z } from 'zod';
import type { ReservationDirectory } from '../application/reservation-directory';
import type { ReservationSnapshot } from '../domain/reservation-replica';

export interface HttpReservationDirectoryOptions {
  /** reservation-service instances, tried round-robin. */
  baseUrls: string[];
  /** Budget of one attempt on one instance (connect + headers + body). */
  timeoutMs: number;
  /** INTERNAL_ASSERTION_KEY: reservation-service believes only signed callers. */
  assertionKey: string;
}

/** reservation-service's GET /internal/reservations/:id (the public body plus `version`). */
const internalReservationSchema = z.object({
  reservationId: z.string().uuid(),
  userId: z.string().uuid(),
  concertId: z.string().uuid(),
  price: z.number().int().nonnegative(),
  status: z.enum(['HELD', 'CONFIRMED', 'EXPIRED', 'CANCELLED']),
  expiresAt: z.string().datetime({ offset: true }),
  version: z.number().int().positive(),
});

/**
 * Asks reservation-service about a reservation over HTTP (keep-alive pool, short timeouts).
 * Instances are tried round-robin; one that fails (refused, timeout, 5xx, garbage) passes the
 * question to the next. Only when none answers is the payment refused with 503.
 */
@Injectable()
export class HttpReservationDirectory implements ReservationDirectory, OnModuleDestroy {
  private readonly logger = new Logger(HttpReservationDirectory.name);
  private readonly agent: Agent;
  private next = 0;

  constructor(private readonly options: HttpReservationDirectoryOptions) {
    if (options.baseUrls.length === 0) throw new Error('HttpReservationDirectory needs at least one reservation-service URL');
    this.agent = new Agent({ connect: { timeout: options.timeoutMs }, keepAliveTimeout: 30_000, connections: 32 });
  }

  async fetch(reservationId: string, requestId?: string): Promise<ReservationSnapshot | null> {
    const { baseUrls } = this.options;
    const start = this.next++ % baseUrls.length;
    const failures: string[] = [];
    for (let i = 0; i < baseUrls.length; i++) {
      const baseUrl = baseUrls[(start + i) % baseUrls.length];
      try {
        return await this.ask(baseUrl, reservationId, requestId);
      } catch (error) {
        failures.push(`${baseUrl}: ${error instanceof Error ? error.message : String(error)}`);
      }
    }
    this.logger.warn(`reservation-service unreachable for reservation ${reservationId}: ${failures.join('; ')}`);
    throw new DomainError(ErrorCode.SERVICE_UNAVAILABLE, 'The reservation could not be verified right now; try again shortly');
  }

  private async ask(baseUrl: string, reservationId: string, requestId?: string): Promise<ReservationSnapshot | null> {
    const url = new URL(`internal/reservations/${encodeURIComponent(reservationId)}`, baseUrl.endsWith('/') ? baseUrl : `${baseUrl}/`);
    const response = await request(url, {
      method: 'GET',
      dispatcher: this.agent,
      headers: {
        accept: 'application/json',
        // A service-to-service read: signed by payment-service, acting for no user.
        [CALLER_ASSERTION_HEADER]: signCallerAssertion({ sub: null, qtid: null, iss: 'payment-service', m: 'GET', p: url.pathname }, this.options.assertionKey, Date.now()),
        ...(requestId ? { [REQUEST_ID_HEADER]: requestId } : {}),
      },
      headersTimeout: this.options.timeoutMs,
      bodyTimeout: this.options.timeoutMs,
      signal: AbortSignal.timeout(this.options.timeoutMs),
    });
    const body: unknown = await response.body.json().catch(() => undefined);
    if (response.statusCode === 404 && codeOf(body) === ErrorCode.RESERVATION_NOT_FOUND) return null;
    if (response.statusCode !== 200) throw new Error(`answered ${response.statusCode}`);
    const reservation = internalReservationSchema.parse(body);
    if (reservation.reservationId !== reservationId) throw new Error('answered about another reservation');
    return {
      reservationId: reservation.reservationId,
      userId: reservation.userId,
      concertId: reservation.concertId,
      amount: reservation.price,
      expiresAt: new Date(reservation.expiresAt),
      status: reservation.status,
      version: reservation.version,
    };
  }

  async onModuleDestroy(): Promise<void> {
    await this.agent.close();
  }
}

function codeOf(body: unknown): unknown {
  return typeof body === 'object' && body !== null ? (body as { code?: unknown }).code : undefined;
}
