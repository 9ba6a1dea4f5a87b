import { Body, Controller, Get, Headers, HttpCode, Post, Req, Res } from '@nestjs/common';
import {
  ApiBadRequestResponse,
  ApiBody,
  ApiCreatedResponse,
  ApiForbiddenResponse,
  ApiNotFoundResponse,
  ApiHeader,
  ApiOkResponse,
  ApiOperation,
  ApiProduces,
  ApiTags,
  ApiUnauthorizedResponse,
} from '@nestjs/swagger';
import {
  DomainError,
  ErrorCode,
  ErrorResponse,
  IssueQueueTokenRequest,
  issueQueueTokenRequestSchema,
  QUEUE_TOKEN_HEADER,
  QueueTokenResponse,
} from '@concert/contracts';
import { type Caller, CurrentCaller, REQUEST_ID_HEADER, SignedIn } from '@concert/platform';
import { RouteSchema } from '@nestjs/platform-fastify';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { GetQueueStatusUseCase } from '../application/get-queue-status/get-queue-status.use-case';
import { JoinQueueUseCase } from '../application/join-queue/join-queue.use-case';
import { QueueStatusStreamHub } from './queue-status-stream.hub';

const TOKEN_HEADER_DOC = { name: 'X-Queue-Token', required: true, description: 'The token from POST /api/v1/queue/tokens' };

function firstValue(header: string | string[] | undefined): string | undefined {
  return Array.isArray(header) ? header[0] : header;
}

@ApiTags('Queue')
@Controller('api/v1/queue/tokens')
@SignedIn()
export class QueueController {
  constructor(
    private readonly join: JoinQueueUseCase,
    private readonly status: GetQueueStatusUseCase,
    private readonly streams: QueueStatusStreamHub,
  ) {}

  @Post()
  @HttpCode(201)
  @ApiOperation({
    summary: "Join a concert's waiting room",
    description:
      'The user is the caller (the gateway\'s assertion). Issues a signed queue token with a place at the back of the queue (201). A user who already holds a live ' +
      'token (WAITING, or ACTIVE within its window) gets that same token and place back (200): one place per user, ' +
      'and asking again never moves anyone forward. When active slots are free the user is admitted at once (ACTIVE).',
  })
  // Validated by Fastify against the JSON schema; the body's declared type is not a class, so the
  // global validation pipe leaves it alone (docs/adr/0013).
  @RouteSchema({ body: issueQueueTokenRequestSchema })
  @ApiBody({ type: IssueQueueTokenRequest })
  @ApiCreatedResponse({ type: QueueTokenResponse, description: 'A new place in the queue' })
  @ApiOkResponse({ type: QueueTokenResponse, description: 'The live token the user already holds' })
  @ApiBadRequestResponse({ type: ErrorResponse, description: 'VALIDATION_FAILED: concertId missing or not a UUID, or any other field (a userId included)' })
  @ApiNotFoundResponse({ type: ErrorResponse, description: 'CONCERT_NOT_FOUND' })
  async issue(
    @CurrentCaller() caller: Caller,
    @Body() body: Pick<IssueQueueTokenRequest, 'concertId'>,
    @Req() request: FastifyRequest,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<QueueTokenResponse> {
    const { created, view } = await this.join.execute({ userId: caller.userId, concertId: body.concertId, requestId: String(request.id) });
    if (!created) void reply.status(200);
    return view;
  }

  @Get('me')
  @ApiOperation({
    summary: 'My place in the queue (polling)',
    description:
      'Current status, 1-based position among waiting users and estimated wait (from the admission rate observed ' +
      'over the last minute). Polling keeps a waiting user in the queue: one who has not polled (nor kept an event ' +
      'stream open) for QUEUE_WAITING_IDLE_SECONDS leaves it and reads EXPIRED.',
  })
  @ApiHeader(TOKEN_HEADER_DOC)
  @ApiOkResponse({ type: QueueTokenResponse, description: 'status WAITING, ACTIVE or EXPIRED' })
  @ApiUnauthorizedResponse({ type: ErrorResponse, description: 'QUEUE_TOKEN_MISSING (no header) or QUEUE_TOKEN_INVALID (malformed, forged or never issued)' })
  @ApiForbiddenResponse({ type: ErrorResponse, description: 'QUEUE_TOKEN_NOT_OWNED: the token belongs to another user than the caller' })
  async me(@CurrentCaller() caller: Caller, @Headers(QUEUE_TOKEN_HEADER) token: string | string[] | undefined): Promise<QueueTokenResponse> {
    return this.status.execute(firstValue(token), caller.userId);
  }

  @Get('me/events')
  @ApiOperation({
    summary: 'My place in the queue (push, Server-Sent Events)',
    description:
      'A text/event-stream: one `data:` line with the same JSON body as GET /me first, then each time the status or ' +
      'the position changes; a `: keep-alive` comment when quiet. The stream ends after an EXPIRED event. An open ' +
      'stream keeps a waiting user in the queue like polling does.',
  })
  @ApiHeader(TOKEN_HEADER_DOC)
  @ApiProduces('text/event-stream')
  @ApiOkResponse({
    description: 'Event stream; each event is `data: <QueueTokenResponse JSON>`',
    content: {
      'text/event-stream': {
        schema: { type: 'string', example: 'data: {"token":"v1.…","userId":"…","status":"WAITING","position":17,"estimatedWaitSeconds":34,"expiresAt":null}\n\n' },
      },
    },
  })
  @ApiUnauthorizedResponse({ type: ErrorResponse, description: 'QUEUE_TOKEN_MISSING or QUEUE_TOKEN_INVALID (answered as JSON before the stream starts)' })
  async events(
    @CurrentCaller() caller: Caller,
    @Headers(QUEUE_TOKEN_HEADER) header: string | string[] | undefined,
    @Req() request: FastifyRequest,
    @Res() reply: FastifyReply,
  ): Promise<void> {
    const token = this.status.authenticate(firstValue(header), caller.userId);
    const [initial] = await this.status.viewsOf([token]);
    if (!initial) throw new DomainError(ErrorCode.QUEUE_TOKEN_INVALID, 'Queue token is unknown');
    reply.hijack();
    const response = reply.raw;
    response.writeHead(200, {
      'content-type': 'text/event-stream; charset=utf-8',
      'cache-control': 'no-cache, no-transform',
      connection: 'keep-alive',
      'x-accel-buffering': 'no',
      [REQUEST_ID_HEADER]: String(request.id),
    });
    const close = this.streams.open(token, initial, {
      write: (chunk) => {
        if (!response.destroyed) response.write(chunk);
      },
      end: () => response.end(),
    });
    response.on('close', close);
  }
}
