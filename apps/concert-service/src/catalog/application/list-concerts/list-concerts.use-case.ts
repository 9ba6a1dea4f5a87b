import { Inject, Injectable } from '@nestjs/common';
import { CATALOG_READ_REPOSITORY, type CatalogReadRepository, type ConcertSummary } from '../ports/catalog-read.repository.port';

/** Every concert of the catalog (GET /api/v1/concerts). */
@Injectable()
export class ListConcertsUseCase {
  constructor(@Inject(CATALOG_READ_REPOSITORY) private readonly catalog: CatalogReadRepository) {}

  execute(): Promise<ConcertSummary[]> {
    return this.catalog.listConcerts();
  }
}
