import { Controller, Get, Header, Param } from '@nestjs/common';
import {
  ApiBadRequestResponse,
  ApiForbiddenResponse,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiOperation,
  ApiTags,
  ApiUnauthorizedResponse,
} from '@nestjs/swagger';
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
import { assertTokenRoomIs, type Caller, CurrentCaller, SignedIn } from '@concert/platform';

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
  // The room of the caller's queue token is checked once the concert (and schedule) are known to
  // exist: existence answers first (404), as everywhere.
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
  @ApiForbiddenResponse({ type: ErrorResponse, description: "QUEUE_TOKEN_WRONG_ROOM: the caller's queue token is for another concert's waiting room" })
  async schedules(@CurrentCaller() caller: Caller, @Param() params: ConcertIdParams): Promise<string> {
    const body = await this.reads.bookableSchedulesJson({ concertId: params.concertId });
    assertTokenRoomIs(params.concertId, caller);
    return body;
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
  @ApiForbiddenResponse({ type: ErrorResponse, description: "QUEUE_TOKEN_WRONG_ROOM: the caller's queue token is for another concert's waiting room" })
  async seats(@CurrentCaller() caller: Caller, @Param() params: ScheduleSeatsParams): Promise<string> {
    const body = await this.reads.seatMapJson({ concertId: params.concertId, scheduleId: params.scheduleId });
    assertTokenRoomIs(params.concertId, caller);
    return body;
  }
}
