import { createHash, randomBytes } from 'node:crypto';
import { DomainError, ErrorCode, QUEUE_TOKEN_HEADER } from '@concert/contracts';
import { REDIS } from '@concert/platform';
import { Inject, Injectable } from '@nestjs/common';
import type { FastifyRequest } from 'fastify';
import type Redis from 'ioredis';
import type { CallerIdentity } from './request-identity';

/** How long a ticket waits to be used. */
export const STREAM_TICKET_SECONDS = 30;

interface TicketRecord {
  userId: string;
  queueTokenId: string | null;
  queueToken: string;
}

/**
 * Tickets that open the queue's event stream from a browser page: EventSource sends no headers,
 * and an access token in a URL would land in access logs and browser history. A signed-in caller
 * exchanges bearer and queue token for a random ticket, used once within 30 s as `?ticket=`.
 * Kept in Redis (only its hash), so any gateway instance redeems what another issued.
 */
@Injectable()
export class StreamTickets {
  constructor(@Inject(REDIS) private readonly redis: Redis) {}

  async issue(request: FastifyRequest, caller: CallerIdentity): Promise<{ ticket: string; expiresIn: number }> {
    const header = request.headers[QUEUE_TOKEN_HEADER];
    const record: TicketRecord = { userId: caller.userId, queueTokenId: caller.queueTokenId, queueToken: typeof header === 'string' ? header.trim() : '' };
    const ticket = randomBytes(24).toString('base64url');
    await this.redis.set(keyOf(ticket), JSON.stringify(record), 'EX', STREAM_TICKET_SECONDS);
    return { ticket, expiresIn: STREAM_TICKET_SECONDS };
  }

  /** The caller a ticket was issued to, once; 401 AUTH_INVALID for an unknown, used or expired ticket. */
  async redeem(ticket: string, url: string): Promise<CallerIdentity> {
    const stored = ticket.length <= 64 ? await this.redis.getdel(keyOf(ticket)) : null;
    if (!stored) throw new DomainError(ErrorCode.AUTH_INVALID, 'The stream ticket is unknown, used or expired');
    const record = JSON.parse(stored) as TicketRecord;
    return { userId: record.userId, queueTokenId: record.queueTokenId, queueToken: record.queueToken, forwardedUrl: withoutTicket(url) };
  }
}

function keyOf(ticket: string): string {
  return `gateway:stream-ticket:${createHash('sha256').update(ticket).digest('base64url')}`;
}

function withoutTicket(url: string): string {
  const start = url.indexOf('?');
  if (start < 0) return url;
  const query = new URLSearchParams(url.slice(start + 1));
  query.delete('ticket');
  const rest = query.toString();
  return rest ? `${url.slice(0, start)}?${rest}` : url.slice(0, start);
}
