import { CreateConcertRequest, CreatedConcertResponse, ErrorCode } from '@concert/contracts';
import { Controller, Post, Req, Res, UseGuards } from '@nestjs/common';
import { ApiBody, ApiCreatedResponse, ApiHeader, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { KnownQueryParametersGuard } from '../access/known-query-parameters.guard';
import { AccessGuard } from '../access/access.guard';
import { AdminRoute } from '../access/route-access.decorator';
import { UpstreamProxy } from '../proxy/upstream-proxy';
import { UpstreamService } from '../proxy/upstream-service';
import { ApiErrors } from './api-docs.decorators';

/** Organizer API (concert-service checks X-Admin-Key; the gateway only passes it on). */
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
}
