import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { OutboxWriter, TransactionScope } from '@concert/platform';
import { DataSource, EntityManager } from 'typeorm';
import { TypeOrmIdempotencyKeyRepository } from '../../idempotency/infrastructure/typeorm-idempotency-key.repository';
import { TypeOrmPaymentRepository } from '../../payment/infrastructure/typeorm-payment.repository';
import { TypeOrmReservationReplicaRepository } from '../../reservation-replica/infrastructure/typeorm-reservation-replica.repository';
import { TypeOrmLedgerRepository } from '../../wallet/infrastructure/typeorm-ledger.repository';
import { TypeOrmWalletRepository } from '../../wallet/infrastructure/typeorm-wallet.repository';
import type { ForeignTransaction, Repositories, UnitOfWork } from '../application/unit-of-work';
import { OutboxEventOutbox } from './outbox-event-outbox';
import { withDeferredWrites } from './sql';

@Injectable()
export class TypeOrmUnitOfWork implements UnitOfWork {
  readonly direct: Repositories;

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly outboxWriter: OutboxWriter,
  ) {
    this.direct = this.repositoriesOf(dataSource.manager);
  }

  transaction<T>(work: (tx: Repositories) => Promise<T>): Promise<T> {
    // Postgres' default READ COMMITTED is enough: every check that matters is a row lock or a
    // conditional statement. (Naming it would cost a SET TRANSACTION round trip per command.)
    // Writes whose result nothing reads travel together with the next statement (DeferredWrites).
    return this.dataSource.transaction((manager) => withDeferredWrites(manager, () => work(this.repositoriesOf(manager))));
  }

  within(transaction: ForeignTransaction): Repositories {
    return this.repositoriesOf(TransactionScope.entityManagerOf(transaction));
  }

  private repositoriesOf(manager: EntityManager): Repositories {
    return {
      wallets: new TypeOrmWalletRepository(manager),
      ledger: new TypeOrmLedgerRepository(manager),
      payments: new TypeOrmPaymentRepository(manager),
      reservations: new TypeOrmReservationReplicaRepository(manager),
      idempotencyKeys: new TypeOrmIdempotencyKeyRepository(manager),
      outbox: new OutboxEventOutbox(this.outboxWriter, manager),
    };
  }
}
