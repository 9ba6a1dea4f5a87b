import { InternalCallGuard } from '@concert/platform';
import { Controller, Get, UseGuards, Param } from '@nestjs/common';
import { ApiNotFoundResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { ErrorResponse, InternalReservationResponse, ReservationIdParams } from '@concert/contracts';
import { GetReservationUseCase } from '../application/get-reservation/get-reservation.use-case';
import { toInternalReservationResponse } from './reservation-response.mapper';

/** For payment-service when its replica lacks a reservation. The gateway never routes here. */
@ApiTags('internal')
@Controller('internal')
@UseGuards(InternalCallGuard)
export class InternalReservationsController {
  constructor(private readonly getReservation: GetReservationUseCase) {}

  @Get('reservations/:reservationId')
  @ApiOperation({ summary: 'A reservation with its version (service-to-service)' })
  @ApiOkResponse({ type: InternalReservationResponse })
  @ApiNotFoundResponse({ type: ErrorResponse, description: 'RESERVATION_NOT_FOUND' })
  async get(@Param() params: ReservationIdParams): Promise<InternalReservationResponse> {
    return toInternalReservationResponse(await this.getReservation.execute({ reservationId: params.reservationId.toLowerCase(), userId: null }));
  }
}
