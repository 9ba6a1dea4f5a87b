import { ErrorCode, HoldSeatRequest, ReservationResponse } from '@concert/contracts';
import { Controller, Delete, Get, Post, Req, Res, UseGuards } from '@nestjs/common';
import { ApiBody, ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { KnownQueryParametersGuard } from '../access/known-query-parameters.guard';
import { AccessGuard } from '../access/access.guard';
import { ProtectedRoute, SignedInRoute } from '../access/route-access.decorator';
import { UpstreamProxy } from '../proxy/upstream-proxy';
import { UpstreamService } from '../proxy/upstream-service';
import { ApiErrors, ApiListLimit, ApiUserParam, ApiUuidParam, IDENTITY_ERRORS, QUEUE_TOKEN_ERRORS, USER_PATH_ERRORS } from './api-docs.decorators';

/** Seat holds (reservation-service). */
@ApiTags('reservations')
@Controller('api/v1')
@UseGuards(AccessGuard, KnownQueryParametersGuard)
export class ReservationsController {
  constructor(private readonly proxy: UpstreamProxy) {}

  @Post('reservations')
  @ProtectedRoute()
  @ApiOperation({ operationId: 'holdSeat', summary: 'Hold a seat', description: "The user is the queue token's user. The hold lasts RESERVATION_HOLD_SECONDS." })
  @ApiBody({ type: HoldSeatRequest })
  @ApiCreatedResponse({ type: ReservationResponse })
  @ApiErrors(
    ...QUEUE_TOKEN_ERRORS,
    ErrorCode.VALIDATION_FAILED,
    ErrorCode.SCHEDULE_NOT_FOUND,
    ErrorCode.SEAT_NOT_FOUND,
    ErrorCode.SEAT_UNAVAILABLE,
    ErrorCode.SCHEDULE_CLOSED,
    ErrorCode.HOLD_LIMIT_REACHED,
  )
  hold(@Req() request: FastifyRequest, @Res() reply: FastifyReply): Promise<void> {
    return this.proxy.forward(UpstreamService.Reservation, request, reply);
  }

  @Get('reservations/:reservationId')
  @SignedInRoute({ budget: 'lists' })
  @ApiOperation({ operationId: 'getReservation', summary: 'A reservation', description: '`status` is HELD, CONFIRMED, EXPIRED or CANCELLED.' })
  @ApiUuidParam('reservationId')
  @ApiOkResponse({ type: ReservationResponse })
  @ApiErrors(...IDENTITY_ERRORS, ErrorCode.VALIDATION_FAILED, ErrorCode.RESERVATION_NOT_FOUND)
  get(@Req() request: FastifyRequest, @Res() reply: FastifyReply): Promise<void> {
    return this.proxy.forward(UpstreamService.Reservation, request, reply);
  }

  @Delete('reservations/:reservationId')
  @ProtectedRoute()
  @ApiOperation({ operationId: 'cancelHold', summary: 'Cancel an own hold', description: 'Only while HELD; the seat becomes available again.' })
  @ApiUuidParam('reservationId')
  @ApiOkResponse({ type: ReservationResponse, description: 'The reservation, now CANCELLED' })
  @ApiErrors(
    ...QUEUE_TOKEN_ERRORS,
    ErrorCode.VALIDATION_FAILED,
    ErrorCode.RESERVATION_NOT_FOUND,
    ErrorCode.RESERVATION_NOT_OWNED,
    ErrorCode.RESERVATION_NOT_HELD,
  )
  cancel(@Req() request: FastifyRequest, @Res() reply: FastifyReply): Promise<void> {
    return this.proxy.forward(UpstreamService.Reservation, request, reply);
  }

  @Get('users/:userId/reservations')
  @SignedInRoute({ budget: 'lists' })
  @ApiOperation({ operationId: 'listUserReservations', summary: "A user's reservations, newest first" })
  @ApiUserParam()
  @ApiListLimit()
  @ApiOkResponse({ type: [ReservationResponse] })
  @ApiErrors(...USER_PATH_ERRORS, ErrorCode.VALIDATION_FAILED)
  listOfUser(@Req() request: FastifyRequest, @Res() reply: FastifyReply): Promise<void> {
    return this.proxy.forward(UpstreamService.Reservation, request, reply);
  }
}
