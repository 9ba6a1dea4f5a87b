import { Controller, Get, Header, Param } from '@nestjs/common';
import { ApiBadRequestResponse, ApiNotFoundResponse, ApiOkResponse, ApiOperation, ApiTags, ApiUnauthorizedResponse } from '@nestjs/swagger';
import {
  ConcertIdParams,
  ConcertSummaryResponse,
  ErrorResponse,
  ScheduleResponse,
  ScheduleSeatsParams,
  SeatMapResponse,
} from '@concert/contracts';
import { ListConcertsUseCase } from '../application/list-concerts/list-concerts.use-case';
import { CatalogReadCache } from '../infrastructure/cache/catalog-read.cache';
import { SignedIn } from '@concert/platform';

const JSON_CONTENT_TYPE = 'application/json; charset=utf-8';

@ApiTags('Concerts')
@Controller('api/v1/concerts')
export class ConcertsController {
  constructor(
    private readonly listConcerts: ListConcertsUseCase,
    private readonly reads: CatalogReadCache,
  ) {}

  @Get()
  @ApiOperation({ summary: 'Every concert' })
  @ApiOkResponse({ type: [ConcertSummaryResponse] })
  list(): Promise<ConcertSummaryResponse[]> {
    return this.listConcerts.execute();
  }

  // The cached reads return the response body as a JSON string (sent as is, no re-serialisation).
  @Get(':concertId/schedules')
  @SignedIn()
  @Header('content-type', JSON_CONTENT_TYPE)
  @ApiOperation({
    summary: 'Bookable dates of a concert',
    description: 'Schedules that have not started and still have an available seat. `date` is the local date in Seoul; `startsAt` has the +09:00 offset.',
  })
  @ApiOkResponse({ type: [ScheduleResponse] })
  @ApiBadRequestResponse({ type: ErrorResponse, description: 'VALIDATION_FAILED' })
  @ApiUnauthorizedResponse({ type: ErrorResponse, description: 'AUTH_REQUIRED: no signed-in caller in the assertion' })
  @ApiNotFoundResponse({ type: ErrorResponse, description: 'CONCERT_NOT_FOUND' })
  schedules(@Param() params: ConcertIdParams): Promise<string> {
    return this.reads.bookableSchedulesJson({ concertId: params.concertId });
  }

  @Get(':concertId/schedules/:scheduleId/seats')
  @SignedIn()
  @Header('content-type', JSON_CONTENT_TYPE)
  @ApiOperation({
    summary: 'Seat map of a schedule',
    description: 'All 50 seats with price and status. May lag reservation-service by a moment; converges within 1 second.',
  })
  @ApiOkResponse({ type: SeatMapResponse })
  @ApiBadRequestResponse({ type: ErrorResponse, description: 'VALIDATION_FAILED' })
  @ApiUnauthorizedResponse({ type: ErrorResponse, description: 'AUTH_REQUIRED: no signed-in caller in the assertion' })
  @ApiNotFoundResponse({ type: ErrorResponse, description: 'CONCERT_NOT_FOUND or SCHEDULE_NOT_FOUND (also for a schedule of another concert)' })
  seats(@Param() params: ScheduleSeatsParams): Promise<string> {
    return this.reads.seatMapJson({ concertId: params.concertId, scheduleId: params.scheduleId });
  }
}
