import { Inject, Injectable, Logger } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { OutboxWriter, TransactionScope } from '@concert/platform';
import type { DataSource, EntityManager } from 'typeorm';
import type { ReservationTransaction, UnitOfWork } from '../../application/ports/reservation-unit-of-work.port';
import { HOLD_STRATEGY, type HoldStrategy } from '../hold-strategies/hold-strategy';
import { BatchedReservationTransaction } from './batched-reservation-transaction';
import { isRetryableTransactionError } from './postgres-errors';
import { TypeOrmCatalogRepository } from './typeorm-catalog.repository';
import { TypeOrmReservationRepository } from './typeorm-reservation.repository';

const MAX_ATTEMPTS = 3;
/** Namespace of the per-user advisory locks (two-int form, apart from the migration lock's bigint form). */
const USER_LOCK_CLASS = 5001;

/** Postgres transactions (READ COMMITTED) carrying the repositories and the outbox. */
@Injectable()
export class TypeOrmUnitOfWork implements UnitOfWork {
  private readonly logger = new Logger(TypeOrmUnitOfWork.name);

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    @Inject(HOLD_STRATEGY) private readonly strategy: HoldStrategy,
    private readonly outboxWriter: OutboxWriter,
  ) {}

  async run<T>(work: (tx: ReservationTransaction) => Promise<T>): Promise<T> {
    for (let attempt = 1; ; attempt++) {
      try {
        // Postgres' default isolation, READ COMMITTED (no extra SET TRANSACTION round trip).
        return await this.dataSource.transaction((manager) => work(this.transactionOn(manager, new TypeOrmReservationRepository(manager, this.strategy))));
      } catch (error) {
        // A deadlock victim did nothing: run it again.
        if (attempt >= MAX_ATTEMPTS || !isRetryableTransactionError(error)) throw error;
        this.logger.warn(`transaction retried after ${(error as Error).message}`);
      }
    }
  }

  /** The repositories on a transaction someone else opened (the inbox transaction of a saga handler). */
  within(scope: TransactionScope): ReservationTransaction {
    const manager = TransactionScope.entityManagerOf(scope);
    return this.transactionOn(manager, new TypeOrmReservationRepository(manager, this.strategy));
  }

  /** `within` for a batch of events: its reads and writes go in a few statements (BatchedReservationTransaction). */
  batchWithin(scope: TransactionScope): BatchedReservationTransaction {
    const manager = TransactionScope.entityManagerOf(scope);
    const repository = new TypeOrmReservationRepository(manager, this.strategy);
    return new BatchedReservationTransaction(this.transactionOn(manager, repository), repository, async (events) => {
      await this.outboxWriter.appendAll(manager, events);
    });
  }

  private transactionOn(manager: EntityManager, reservations: TypeOrmReservationRepository): ReservationTransaction {
    return {
      reservations,
      catalog: new TypeOrmCatalogRepository(manager),
      outbox: {
        append: async (event) => {
          await this.outboxWriter.append(manager, event);
        },
      },
      lockUser: async (userId) => {
        await manager.query('SELECT pg_advisory_xact_lock($1, hashtext($2))', [USER_LOCK_CLASS, userId]);
      },
    };
  }
}
