import { InternalCallGuard } from '@concert/platform';
import { Controller, Get, UseGuards, Inject, Param } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import { ConcertIdParams, DomainError, ErrorCode } from '@concert/contracts';
import { CATALOG_READ_REPOSITORY, type CatalogReadRepository } from '../application/ports/catalog-read.repository.port';

/** Service-to-service reads (queue-service checks the concert of a join); never routed by the gateway. */
@ApiExcludeController()
@Controller('internal/concerts')
@UseGuards(InternalCallGuard)
export class InternalConcertsController {
  constructor(@Inject(CATALOG_READ_REPOSITORY) private readonly catalog: CatalogReadRepository) {}

  @Get(':concertId')
  async get(@Param() params: ConcertIdParams): Promise<{ concertId: string }> {
    const concertId = params.concertId.toLowerCase();
    if (!(await this.catalog.concertExists(concertId))) throw new DomainError(ErrorCode.CONCERT_NOT_FOUND, 'Concert not found');
    return { concertId };
  }
}
