import { messagingEntities, messagingMigrations } from '@concert/platform';
import { CreateCatalog1764100000000 } from './migrations/1764100000000-create-catalog.migration';
import { AddConcertWaitingRoom1796601600000 } from './migrations/1796601600000-add-concert-waiting-room.migration';

/** concert-service's schema, entities and migrations: for DatabaseModule, runMigrations and tests. */
export const concertServiceDatabase = {
  schema: 'concert',
  entities: [...messagingEntities],
  migrations: [...messagingMigrations, CreateCatalog1764100000000, AddConcertWaitingRoom1796601600000],
};
