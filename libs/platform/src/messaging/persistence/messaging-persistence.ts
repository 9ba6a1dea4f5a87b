import { CreateMessagingTables1735689600000 } from './create-messaging-tables.migration';
import { DeadLetterOrmEntity, InboxOrmEntity, OutboxOrmEntity } from './messaging.orm-entities';

/** TypeORM entity classes of the messaging tables, for the service's entities list. */
// eslint-disable-next-line @typescript-eslint/no-unsafe-function-type -- TypeORM's own type for entity classes
export const messagingEntities: Function[] = [OutboxOrmEntity, InboxOrmEntity, DeadLetterOrmEntity];

/** Migrations creating them in the data source's schema, for the service's migrations list. */
// eslint-disable-next-line @typescript-eslint/no-unsafe-function-type -- TypeORM's own type for migration classes
export const messagingMigrations: Function[] = [CreateMessagingTables1735689600000];
