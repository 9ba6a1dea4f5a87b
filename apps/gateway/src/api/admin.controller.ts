import { ConcertWaitingRoomOptions, CreateConcertRequest, CreatedConcertResponse, ErrorCode, WaitingRoomView } from '@concert/contracts';
import { Controller, Get, Patch, Post, Req, Res, UseGuards } from '@nestjs/common';
import { ApiBody, ApiCreatedResponse, ApiHeader, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { KnownQueryParametersGuard } from '../access/known-query-parameters.guard';
import { AccessGuard } from '../access/access.guard';
import { AdminRoute } from '../access/route-access.decorator';
import { UpstreamProxy } from '../proxy/upstream-proxy';
import { UpstreamService } from '../proxy/upstream-service';
import { ApiErrors, ApiUuidParam } from './api-docs.decorators';

/** Organizer API: concerts (concert-service) and their waiting rooms (queue-service); the services check X-Admin-Key again. */
@ApiTags('admin')
@Controller('api/v1/admin')
@UseGuards(AccessGuard, KnownQueryParametersGuard)
export class AdminController {
  constructor(private readonly proxy: UpstreamProxy) {}

  @Post('concerts')
  @AdminRoute()
  @ApiOperation({ operationId: 'createConcert', summary: 'Create a concert with its schedules', description: 'Every schedule gets seats 1..50, all AVAILABLE.' })
  @ApiHeader({ name: 'X-Admin-Key', required: true, description: 'The ADMIN_API_KEY' })
  @ApiBody({ type: CreateConcertRequest })
  @ApiCreatedResponse({ type: CreatedConcertResponse })
  @ApiErrors(ErrorCode.VALIDATION_FAILED, ErrorCode.ADMIN_KEY_INVALID)
  createConcert(@Req() request: FastifyRequest, @Res() reply: FastifyReply): Promise<void> {
    return this.proxy.forward(UpstreamService.Concert, request, reply);
  }

  @Get('concerts/:concertId/waiting-room')
  @AdminRoute()
  @ApiOperation({ operationId: 'getWaitingRoom', summary: "A concert's waiting room, live", description: 'Settings, pre-queue, waiting, active and admissions of the last minute.' })
  @ApiHeader({ name: 'X-Admin-Key', required: true, description: 'The ADMIN_API_KEY' })
  @ApiUuidParam('concertId')
  @ApiOkResponse({ type: WaitingRoomView })
  @ApiErrors(ErrorCode.VALIDATION_FAILED, ErrorCode.ADMIN_KEY_INVALID, ErrorCode.CONCERT_NOT_FOUND)
  getWaitingRoom(@Req() request: FastifyRequest, @Res() reply: FastifyReply): Promise<void> {
    return this.proxy.forward(UpstreamService.Queue, request, reply);
  }

  @Patch('concerts/:concertId/waiting-room')
  @AdminRoute()
  @ApiOperation({
    operationId: 'updateWaitingRoom',
    summary: "Change a concert's waiting room while people wait",
    description:
      "Any of maxActiveUsers, activeSeconds, saleOpensAt; takes effect at the room's next admission step (capacity raised: the next waiting users are " +
      'admitted; lowered: nobody ACTIVE is evicted). saleOpensAt may change only until the sale has opened.',
  })
  @ApiHeader({ name: 'X-Admin-Key', required: true, description: 'The ADMIN_API_KEY' })
  @ApiUuidParam('concertId')
  @ApiBody({ type: ConcertWaitingRoomOptions })
  @ApiOkResponse({ type: WaitingRoomView })
  @ApiErrors(ErrorCode.VALIDATION_FAILED, ErrorCode.ADMIN_KEY_INVALID, ErrorCode.CONCERT_NOT_FOUND)
  updateWaitingRoom(@Req() request: FastifyRequest, @Res() reply: FastifyReply): Promise<void> {
    return this.proxy.forward(UpstreamService.Queue, request, reply);
  }
}
