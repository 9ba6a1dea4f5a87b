import { InternalCallGuard } from '@concert/platform';
import { Controller, Get, UseGuards, Inject, Param } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import { ConcertIdParams, DomainError, ErrorCode } from '@concert/contracts';
import { CATALOG_READ_REPOSITORY, type CatalogReadRepository } from '../application/ports/catalog-read.repository.port';
import { type WaitingRoomSettingsView, waitingRoomSettingsViewOf } from '../application/waiting-room-settings-view';

/**
 * Service-to-service reads (queue-service checks the concert of a join and reads the settings of
 * its waiting room); never routed by the gateway.
 */
@ApiExcludeController()
@Controller('internal/concerts')
@UseGuards(InternalCallGuard)
export class InternalConcertsController {
  constructor(@Inject(CATALOG_READ_REPOSITORY) private readonly catalog: CatalogReadRepository) {}

  @Get(':concertId')
  async get(@Param() params: ConcertIdParams): Promise<{ concertId: string; waitingRoom: WaitingRoomSettingsView }> {
    const concertId = params.concertId.toLowerCase();
    const waitingRoom = await this.catalog.findWaitingRoom(concertId);
    if (!waitingRoom) throw new DomainError(ErrorCode.CONCERT_NOT_FOUND, 'Concert not found');
    return { concertId, waitingRoom: waitingRoomSettingsViewOf(waitingRoom) };
  }
}
