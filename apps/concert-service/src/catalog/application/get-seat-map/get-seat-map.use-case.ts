import { Inject, Injectable } from '@nestjs/common';
import { DomainError, ErrorCode } from '@concert/contracts';
import { CATALOG_READ_REPOSITORY, type CatalogReadRepository, type StoredSeatMap } from '../ports/catalog-read.repository.port';

export interface GetSeatMapQuery {
  concertId: string;
  scheduleId: string;
}

/**
 * Every seat of a schedule with its price and status. An unknown concert is CONCERT_NOT_FOUND;
 * an unknown schedule, or one of another concert, is SCHEDULE_NOT_FOUND.
 */
@Injectable()
export class GetSeatMapUseCase {
  constructor(@Inject(CATALOG_READ_REPOSITORY) private readonly catalog: CatalogReadRepository) {}

  async execute(query: GetSeatMapQuery): Promise<StoredSeatMap> {
    const seatMap = await this.catalog.findSeatMap(query.scheduleId);
    if (seatMap && seatMap.concertId === query.concertId) return seatMap;
    if (!(await this.catalog.concertExists(query.concertId))) {
      throw new DomainError(ErrorCode.CONCERT_NOT_FOUND, `Concert ${query.concertId} does not exist`);
    }
    throw new DomainError(ErrorCode.SCHEDULE_NOT_FOUND, `Schedule ${query.scheduleId} does not exist for concert ${query.concertId}`);
  }
}
