import { ConcertSummaryResponse, ErrorCode, ScheduleResponse, SeatMapResponse, WaitingRoomFairnessView } from '@concert/contracts';
import { Controller, Get, Req, Res, UseGuards } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { KnownQueryParametersGuard } from '../access/known-query-parameters.guard';
import { AccessGuard } from '../access/access.guard';
import { ProtectedRoute, PublicRoute } from '../access/route-access.decorator';
import { UpstreamProxy } from '../proxy/upstream-proxy';
import { UpstreamService } from '../proxy/upstream-service';
import { ApiErrors, ApiUuidParam, QUEUE_TOKEN_ERRORS } from './api-docs.decorators';

/** The catalog and seat maps (concert-service), and the public proof of a room's opening (queue-service). */
@ApiTags('concerts')
@Controller('api/v1/concerts')
@UseGuards(AccessGuard, KnownQueryParametersGuard)
export class ConcertsController {
  constructor(private readonly proxy: UpstreamProxy) {}

  @Get()
  @PublicRoute()
  @ApiOperation({ operationId: 'listConcerts', summary: 'List concerts' })
  @ApiOkResponse({ type: [ConcertSummaryResponse] })
  @ApiErrors()
  list(@Req() request: FastifyRequest, @Res() reply: FastifyReply): Promise<void> {
    return this.proxy.forward(UpstreamService.Concert, request, reply);
  }

  @Get(':concertId/schedules')
  @ProtectedRoute()
  @ApiOperation({ operationId: 'listSchedules', summary: 'Bookable dates of a concert', description: 'Schedules that have not started and still have an available seat.' })
  @ApiUuidParam('concertId')
  @ApiOkResponse({ type: [ScheduleResponse] })
  @ApiErrors(...QUEUE_TOKEN_ERRORS, ErrorCode.VALIDATION_FAILED, ErrorCode.CONCERT_NOT_FOUND)
  schedules(@Req() request: FastifyRequest, @Res() reply: FastifyReply): Promise<void> {
    return this.proxy.forward(UpstreamService.Concert, request, reply, { microCache: true });
  }

  @Get(':concertId/schedules/:scheduleId/seats')
  @ProtectedRoute()
  @ApiOperation({ operationId: 'getSeatMap', summary: 'Seat map of a schedule', description: 'Every seat 1..50 with its price and status; converges with reservations within 1 second.' })
  @ApiUuidParam('concertId')
  @ApiUuidParam('scheduleId')
  @ApiOkResponse({ type: SeatMapResponse })
  @ApiErrors(...QUEUE_TOKEN_ERRORS, ErrorCode.VALIDATION_FAILED, ErrorCode.CONCERT_NOT_FOUND, ErrorCode.SCHEDULE_NOT_FOUND)
  seats(@Req() request: FastifyRequest, @Res() reply: FastifyReply): Promise<void> {
    return this.proxy.forward(UpstreamService.Concert, request, reply, { microCache: true });
  }

  @Get(':concertId/waiting-room/fairness')
  @PublicRoute()
  @ApiOperation({
    operationId: 'getWaitingRoomFairness',
    summary: "Proof of a room's opening shuffle",
    description:
      'Before the opening: the SHA-256 commitment of the room\'s secret seed. After it: the seed and the pre-queue in its shuffled order, each member the ' +
      'SHA-256 of their token id, so anyone can recompute the order (npm run verify-opening). Nulls throughout for a room with no scheduled opening.',
  })
  @ApiUuidParam('concertId')
  @ApiOkResponse({ type: WaitingRoomFairnessView })
  @ApiErrors(ErrorCode.VALIDATION_FAILED, ErrorCode.CONCERT_NOT_FOUND)
  fairness(@Req() request: FastifyRequest, @Res() reply: FastifyReply): Promise<void> {
    return this.proxy.forward(UpstreamService.Queue, request, reply);
  }
}
