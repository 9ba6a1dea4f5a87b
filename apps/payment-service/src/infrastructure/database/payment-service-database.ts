import { messagingEntities, messagingMigrations } from '@concert/platform';
import { IdempotencyKeyOrmEntity } from '../../idempotency/infrastructure/idempotency-key.orm-entity';
import { PaymentOrmEntity } from '../../payment/infrastructure/payment.orm-entity';
import { ReservationReplicaOrmEntity } from '../../reservation-replica/infrastructure/reservation-replica.orm-entity';
import { LedgerEntryOrmEntity } from '../../wallet/infrastructure/ledger-entry.orm-entity';
import { WalletOrmEntity } from '../../wallet/infrastructure/wallet.orm-entity';
import { CreatePaymentTables1764150000000 } from './migrations/1764150000000-create-payment-tables';
import { AddReservationReplicaConcert1796601600000 } from './migrations/1796601600000-add-reservation-replica-concert';

/** payment-service's schema, entities and migrations: for DatabaseModule, tests and migrate.ts. */
export const paymentServiceDatabase = {
  schema: 'payment',
  entities: [WalletOrmEntity, LedgerEntryOrmEntity, PaymentOrmEntity, IdempotencyKeyOrmEntity, ReservationReplicaOrmEntity, ...messagingEntities],
  migrations: [...messagingMigrations, CreatePaymentTables1764150000000, AddReservationReplicaConcert1796601600000],
};
