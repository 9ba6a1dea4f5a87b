import { ErrorCode, IssueQueueTokenRequest, QueueTokenResponse, StreamTicketResponse } from '@concert/contracts';
import { Controller, Get, HttpCode, HttpStatus, Inject, Post, Req, Res, UseGuards } from '@nestjs/common';
import { ApiBody, ApiCreatedResponse, ApiHeader, ApiOkResponse, ApiOperation, ApiProduces, ApiQuery, ApiTags } from '@nestjs/swagger';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { KnownQueryParametersGuard, QueryParameters } from '../access/known-query-parameters.guard';
import { identityOf } from '../access/request-identity';
import { StreamTickets } from '../access/stream-tickets';
import { AccessGuard } from '../access/access.guard';
import { SignedInRoute } from '../access/route-access.decorator';
import { UpstreamProxy } from '../proxy/upstream-proxy';
import { UpstreamService } from '../proxy/upstream-service';
import { ApiErrors, IDENTITY_ERRORS } from './api-docs.decorators';

const QUEUE_TOKEN_DOC = { name: 'X-Queue-Token', required: true, description: 'The token POST /api/v1/queue/tokens returned (the caller\'s own)' };

/** The waiting room (queue-service). Signed-in, not protected: queue-service reads the token itself. */
@ApiTags('queue')
@Controller('api/v1/queue/tokens')
@UseGuards(AccessGuard, KnownQueryParametersGuard)
export class QueueController {
  constructor(
    private readonly proxy: UpstreamProxy,
    @Inject(StreamTickets) private readonly tickets: StreamTickets,
  ) {}

  @Post()
  @SignedInRoute()
  @ApiOperation({
    operationId: 'joinQueue',
    summary: "Join a concert's waiting room",
    description: 'Issues a signed queue token for the caller, or returns the live token the caller already holds in that room (200) with its current place.',
  })
  @ApiBody({ type: IssueQueueTokenRequest })
  @ApiCreatedResponse({ type: QueueTokenResponse, description: 'New token' })
  @ApiOkResponse({ type: QueueTokenResponse, description: 'The user already holds a live token: the same token and place' })
  @ApiErrors(...IDENTITY_ERRORS, ErrorCode.VALIDATION_FAILED, ErrorCode.CONCERT_NOT_FOUND)
  issue(@Req() request: FastifyRequest, @Res() reply: FastifyReply): Promise<void> {
    return this.proxy.forward(UpstreamService.Queue, request, reply);
  }

  @Get('me')
  @SignedInRoute({ queueToken: 'own', budget: 'me' })
  @ApiOperation({ operationId: 'getMyQueueToken', summary: 'Current status, position and wait estimate of a queue token', description: '`status` may also be EXPIRED.' })
  @ApiHeader(QUEUE_TOKEN_DOC)
  @ApiOkResponse({ type: QueueTokenResponse })
  @ApiErrors(...IDENTITY_ERRORS, ErrorCode.QUEUE_TOKEN_MISSING, ErrorCode.QUEUE_TOKEN_INVALID, ErrorCode.QUEUE_TOKEN_NOT_OWNED)
  me(@Req() request: FastifyRequest, @Res() reply: FastifyReply): Promise<void> {
    return this.proxy.forward(UpstreamService.Queue, request, reply, { forwardQueueToken: true });
  }

  @Post('me/stream-tickets')
  @HttpCode(HttpStatus.CREATED)
  @SignedInRoute({ queueToken: 'own', budget: 'events' })
  @ApiOperation({
    operationId: 'createStreamTicket',
    summary: 'A ticket that opens the event stream from a browser',
    description:
      'EventSource cannot send headers: exchange the bearer and queue token for a single-use ticket (30 s), then open `GET /api/v1/queue/tokens/me/events?ticket=…`. The access token never appears in a URL.',
  })
  @ApiHeader(QUEUE_TOKEN_DOC)
  @ApiCreatedResponse({ type: StreamTicketResponse })
  @ApiErrors(...IDENTITY_ERRORS, ErrorCode.QUEUE_TOKEN_MISSING, ErrorCode.QUEUE_TOKEN_INVALID, ErrorCode.QUEUE_TOKEN_NOT_OWNED)
  async streamTicket(@Req() request: FastifyRequest): Promise<StreamTicketResponse> {
    const caller = identityOf(request);
    if (!caller) throw new Error('the access guard attaches the caller on signed-in routes');
    return this.tickets.issue(request, caller);
  }

  @Get('me/events')
  @SignedInRoute({ queueToken: 'own', budget: 'events' })
  @QueryParameters('ticket')
  @ApiOperation({
    operationId: 'streamMyQueueToken',
    summary: 'Push updates of a queue token (Server-Sent Events)',
    description:
      'A `text/event-stream`: one `data:` line carrying the QueueTokenResponse JSON each time the status or position changes. Authenticate with the bearer and X-Queue-Token, or (from a browser) with `?ticket=` alone. Opening a stream counts against the client\'s stream budget; a client may hold GATEWAY_MAX_EVENT_STREAMS_PER_CLIENT streams (429 beyond), and when the gateway already holds GATEWAY_MAX_EVENT_STREAMS it answers 503: the client polls `GET /api/v1/queue/tokens/me` instead.',
  })
  @ApiHeader({ ...QUEUE_TOKEN_DOC, required: false })
  @ApiQuery({ name: 'ticket', required: false, description: 'A ticket from POST /api/v1/queue/tokens/me/stream-tickets, instead of the headers' })
  @ApiProduces('text/event-stream')
  @ApiOkResponse({ type: QueueTokenResponse, description: 'Event stream; the data of each event is a QueueTokenResponse' })
  @ApiErrors(...IDENTITY_ERRORS, ErrorCode.QUEUE_TOKEN_MISSING, ErrorCode.QUEUE_TOKEN_INVALID, ErrorCode.QUEUE_TOKEN_NOT_OWNED)
  events(@Req() request: FastifyRequest, @Res() reply: FastifyReply): Promise<void> {
    return this.proxy.forward(UpstreamService.Queue, request, reply, { forwardQueueToken: true, eventStream: true });
  }
}
