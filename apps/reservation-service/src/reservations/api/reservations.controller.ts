import { Body, Controller, Delete, Get, HttpCode, HttpStatus, Inject, Param, Post, Query } from '@nestjs/common';
import {
  ApiBadRequestResponse,
  ApiConflictResponse,
  ApiCreatedResponse,
  ApiForbiddenResponse,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiOperation,
  ApiTags,
  ApiUnauthorizedResponse,
} from '@nestjs/swagger';
import { assertCallerIs, type Caller, CurrentCaller, SignedIn } from '@concert/platform';
import { ErrorResponse, HoldSeatRequest, ListLimitQuery, ReservationIdParams, ReservationResponse, UserIdParams } from '@concert/contracts';
import { CancelHoldUseCase } from '../application/cancel-hold/cancel-hold.use-case';
import { GetReservationUseCase } from '../application/get-reservation/get-reservation.use-case';
import { HoldSeatUseCase } from '../application/hold-seat/hold-seat.use-case';
import { ListUserReservationsUseCase } from '../application/list-user-reservations/list-user-reservations.use-case';
import { CLOCK, type Clock } from '../application/ports/clock.port';
import { viewOf } from '../application/reservation-view';
import { RequestId } from './request-id.decorator';
import { toReservationResponse } from './reservation-response.mapper';

@ApiTags('reservations')
@Controller('api/v1')
@SignedIn()
export class ReservationsController {
  constructor(
    private readonly holdSeat: HoldSeatUseCase,
    private readonly cancelHold: CancelHoldUseCase,
    private readonly getReservation: GetReservationUseCase,
    private readonly listUserReservations: ListUserReservationsUseCase,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  @Post('reservations')
  @ApiOperation({ summary: 'Hold a seat for the caller', description: `The hold lasts RESERVATION_HOLD_SECONDS; then it reads EXPIRED and the seat is free again.` })
  @ApiCreatedResponse({ type: ReservationResponse })
  @ApiBadRequestResponse({ type: ErrorResponse, description: 'VALIDATION_FAILED' })
  @ApiUnauthorizedResponse({ type: ErrorResponse, description: 'AUTH_REQUIRED: no signed-in caller in the assertion' })
  @ApiNotFoundResponse({ type: ErrorResponse, description: 'SCHEDULE_NOT_FOUND, SEAT_NOT_FOUND' })
  @ApiForbiddenResponse({ type: ErrorResponse, description: "QUEUE_TOKEN_WRONG_ROOM: the caller's queue token is for another concert's waiting room than the schedule's" })
  @ApiConflictResponse({ type: ErrorResponse, description: 'SEAT_UNAVAILABLE, SCHEDULE_CLOSED (the schedule has started), HOLD_LIMIT_REACHED' })
  async hold(@CurrentCaller() caller: Caller, @Body() body: HoldSeatRequest, @RequestId() requestId: string): Promise<ReservationResponse> {
    const reservation = await this.holdSeat.execute({ caller, scheduleId: body.scheduleId.toLowerCase(), seatNo: body.seatNo, requestId });
    return toReservationResponse(viewOf(reservation, this.clock.now()));
  }

  @Get('reservations/:reservationId')
  @ApiOperation({ summary: "A reservation of the caller's by id", description: "Another user's reservation reads as RESERVATION_NOT_FOUND." })
  @ApiOkResponse({ type: ReservationResponse })
  @ApiBadRequestResponse({ type: ErrorResponse, description: 'VALIDATION_FAILED' })
  @ApiNotFoundResponse({ type: ErrorResponse, description: 'RESERVATION_NOT_FOUND' })
  async get(@CurrentCaller() { userId }: Caller, @Param() params: ReservationIdParams): Promise<ReservationResponse> {
    return toReservationResponse(await this.getReservation.execute({ reservationId: params.reservationId.toLowerCase(), userId }));
  }

  @Get('users/:userId/reservations')
  @ApiOperation({ summary: "A user's reservations, newest first" })
  @ApiOkResponse({ type: ReservationResponse, isArray: true })
  @ApiBadRequestResponse({ type: ErrorResponse, description: 'VALIDATION_FAILED' })
  @ApiForbiddenResponse({ type: ErrorResponse, description: 'USER_MISMATCH: the path names another user than the caller' })
  async listForUser(@CurrentCaller() caller: Caller, @Param() params: UserIdParams, @Query() query: ListLimitQuery): Promise<ReservationResponse[]> {
    assertCallerIs(params.userId, caller);
    return (await this.listUserReservations.execute({ userId: params.userId.toLowerCase(), limit: query.limit })).map(toReservationResponse);
  }

  @Delete('reservations/:reservationId')
  @HttpCode(HttpStatus.OK)
  @ApiOperation({ summary: 'Cancel your own hold while it is HELD', description: 'The seat becomes available again.' })
  @ApiOkResponse({ type: ReservationResponse, description: 'status CANCELLED' })
  @ApiBadRequestResponse({ type: ErrorResponse, description: 'VALIDATION_FAILED' })
  @ApiUnauthorizedResponse({ type: ErrorResponse, description: 'AUTH_REQUIRED: no signed-in caller in the assertion' })
  @ApiNotFoundResponse({ type: ErrorResponse, description: 'RESERVATION_NOT_FOUND' })
  @ApiForbiddenResponse({ type: ErrorResponse, description: "QUEUE_TOKEN_WRONG_ROOM (the queue token is for another concert's waiting room), RESERVATION_NOT_OWNED" })
  @ApiConflictResponse({ type: ErrorResponse, description: 'RESERVATION_NOT_HELD' })
  async cancel(@CurrentCaller() caller: Caller, @Param() params: ReservationIdParams, @RequestId() requestId: string): Promise<ReservationResponse> {
    const reservation = await this.cancelHold.execute({ reservationId: params.reservationId.toLowerCase(), caller, requestId });
    return toReservationResponse(viewOf(reservation, this.clock.now()));
  }
}
