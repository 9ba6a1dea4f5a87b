import { messagingEntities, messagingMigrations } from '@concert/platform';
import { CreateEventHistory1764160000000 } from './migrations/1764160000000-create-event-history';

/** history-sink's schema, entities and migrations: for DatabaseModule, tests and migrate.ts. */
export const historySinkDatabase = {
  schema: 'history',
  entities: [...messagingEntities],
  migrations: [...messagingMigrations, CreateEventHistory1764160000000],
};
