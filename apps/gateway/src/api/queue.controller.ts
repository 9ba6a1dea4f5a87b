import { ErrorCode, IssueQueueTokenRequest, QueueTokenResponse } from '@concert/contracts';
import { Controller, Get, Post, Req, Res, UseGuards } from '@nestjs/common';
import { ApiBody, ApiCreatedResponse, ApiHeader, ApiOkResponse, ApiOperation, ApiProduces, ApiTags } from '@nestjs/swagger';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { KnownQueryParametersGuard } from '../access/known-query-parameters.guard';
import { QueueTokenGuard } from '../access/queue-token.guard';
import { PublicRoute } from '../access/route-access.decorator';
import { UpstreamProxy } from '../proxy/upstream-proxy';
import { UpstreamService } from '../proxy/upstream-service';
import { ApiErrors } from './api-docs.decorators';

const QUEUE_TOKEN_DOC = { name: 'X-Queue-Token', required: true, description: 'The token POST /api/v1/queue/tokens returned' };

/** The waiting room (queue-service). Not protected: queue-service reads the token itself. */
@ApiTags('queue')
@Controller('api/v1/queue/tokens')
@UseGuards(QueueTokenGuard, KnownQueryParametersGuard)
export class QueueController {
  constructor(private readonly proxy: UpstreamProxy) {}

  @Post()
  @PublicRoute({ rateLimited: true })
  @ApiOperation({
    summary: 'Join the waiting room',
    description: 'Issues a signed queue token for the user, or returns the live token the user already holds (200) with its current place.',
  })
  @ApiBody({ type: IssueQueueTokenRequest })
  @ApiCreatedResponse({ type: QueueTokenResponse, description: 'New token' })
  @ApiOkResponse({ type: QueueTokenResponse, description: 'The user already holds a live token: the same token and place' })
  @ApiErrors(ErrorCode.VALIDATION_FAILED, ErrorCode.RATE_LIMITED)
  issue(@Req() request: FastifyRequest, @Res() reply: FastifyReply): Promise<void> {
    return this.proxy.forward(UpstreamService.Queue, request, reply);
  }

  @Get('me')
  @PublicRoute({ credential: 'queue-token' })
  @ApiOperation({ summary: 'Current status, position and wait estimate of a queue token', description: '`status` may also be EXPIRED.' })
  @ApiHeader(QUEUE_TOKEN_DOC)
  @ApiOkResponse({ type: QueueTokenResponse })
  @ApiErrors(ErrorCode.QUEUE_TOKEN_MISSING, ErrorCode.QUEUE_TOKEN_INVALID)
  me(@Req() request: FastifyRequest, @Res() reply: FastifyReply): Promise<void> {
    return this.proxy.forward(UpstreamService.Queue, request, reply, { forwardQueueToken: true });
  }

  @Get('me/events')
  @PublicRoute({ rateLimited: true, credential: 'queue-token' })
  @ApiOperation({
    summary: 'Push updates of a queue token (Server-Sent Events)',
    description:
      'A `text/event-stream`: one `data:` line carrying the QueueTokenResponse JSON each time the status or position changes. Opening a stream counts against the client rate limit; when the gateway already holds GATEWAY_MAX_EVENT_STREAMS streams it answers 503 and the client polls `GET /api/v1/queue/tokens/me` instead.',
  })
  @ApiHeader(QUEUE_TOKEN_DOC)
  @ApiProduces('text/event-stream')
  @ApiOkResponse({ type: QueueTokenResponse, description: 'Event stream; the data of each event is a QueueTokenResponse' })
  @ApiErrors(ErrorCode.QUEUE_TOKEN_MISSING, ErrorCode.QUEUE_TOKEN_INVALID, ErrorCode.RATE_LIMITED, ErrorCode.SERVICE_UNAVAILABLE)
  events(@Req() request: FastifyRequest, @Res() reply: FastifyReply): Promise<void> {
    return this.proxy.forward(UpstreamService.Queue, request, reply, { forwardQueueToken: true, eventStream: true });
  }
}
