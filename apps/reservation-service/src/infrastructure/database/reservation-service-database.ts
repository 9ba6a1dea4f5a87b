import { messagingEntities, messagingMigrations } from '@concert/platform';
import { CatalogScheduleOrmEntity, CatalogSeatOrmEntity } from '../../reservations/infrastructure/persistence/catalog.orm-entity';
import { ReservationOrmEntity } from '../../reservations/infrastructure/persistence/reservation.orm-entity';
import { CreateReservations1767225600000 } from './migrations/1767225600000-create-reservations.migration';

/** The reservation schema: used by DatabaseModule, the migration entry point and the tests. */
export const reservationServiceDatabase = {
  schema: 'reservation',
  entities: [ReservationOrmEntity, CatalogScheduleOrmEntity, CatalogSeatOrmEntity, ...messagingEntities],
  migrations: [...messagingMigrations, CreateReservations1767225600000],
};
