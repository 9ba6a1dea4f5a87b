import { Body, Controller, HttpCode, Post, Req, UseGuards } from '@nestjs/common';
import { ApiBadRequestResponse, ApiCreatedResponse, ApiHeader, ApiOperation, ApiTags, ApiUnauthorizedResponse } from '@nestjs/swagger';
import type { FastifyRequest } from 'fastify';
import { CreateConcertRequest, CreatedConcertResponse, ErrorResponse } from '@concert/contracts';
import { CreateConcertUseCase } from '../application/create-concert/create-concert.use-case';
import { AdminKeyGuard } from '@concert/platform';

@ApiTags('Admin')
@ApiHeader({ name: 'X-Admin-Key', required: true, description: 'ADMIN_API_KEY' })
@Controller('api/v1/admin/concerts')
@UseGuards(AdminKeyGuard)
export class AdminConcertsController {
  constructor(private readonly createConcert: CreateConcertUseCase) {}

  @Post()
  @HttpCode(201)
  @ApiOperation({
    summary: 'Create a concert with its schedules',
    description:
      'Every schedule gets seats 1..50 at `seatPrice` (or its `seatPrices` override), all AVAILABLE, and a ScheduleCreated event. ' +
      'The key is checked before anything else; then every field (future start with an offset, integer prices in 1..10,000,000, seat numbers 1..50, ' +
      'waiting-room options: maxActiveUsers 1..1,000,000, activeSeconds 10..86,400, saleOpensAt with an offset). ' +
      'The answer gives the waiting-room settings stored, null where the configured default applies.',
  })
  @ApiCreatedResponse({ type: CreatedConcertResponse })
  @ApiBadRequestResponse({ type: ErrorResponse, description: 'VALIDATION_FAILED' })
  @ApiUnauthorizedResponse({ type: ErrorResponse, description: 'ADMIN_KEY_INVALID' })
  async create(@Body() body: CreateConcertRequest, @Req() request: FastifyRequest): Promise<CreatedConcertResponse> {
    const result = await this.createConcert.execute({
      title: body.title,
      venue: body.venue,
      schedules: body.schedules.map((schedule) => ({
        startsAt: schedule.startsAt,
        seatPrice: schedule.seatPrice,
        ...(schedule.seatPrices ? { seatPrices: schedule.seatPrices } : {}),
      })),
      ...(body.waitingRoom
        ? {
            waitingRoom: {
              maxActiveUsers: body.waitingRoom.maxActiveUsers,
              activeSeconds: body.waitingRoom.activeSeconds,
              saleOpensAt: body.waitingRoom.saleOpensAt,
            },
          }
        : {}),
      requestId: String(request.id),
    });
    return result.concert;
  }
}
