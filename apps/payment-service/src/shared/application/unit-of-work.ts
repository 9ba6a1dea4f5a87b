import type { IdempotencyKeyRepository } from '../../idempotency/application/idempotency-key.repository';
import type { PaymentRepository } from '../../payment/application/payment.repository';
import type { ReservationReplicaRepository } from '../../reservation-replica/application/reservation-replica.repository';
import type { LedgerRepository } from '../../wallet/application/ledger.repository';
import type { WalletRepository } from '../../wallet/application/wallet.repository';
import type { EventOutbox } from './event-outbox';

/** Every repository of the service, bound to one database session. */
export interface Repositories {
  wallets: WalletRepository;
  ledger: LedgerRepository;
  payments: PaymentRepository;
  reservations: ReservationReplicaRepository;
  idempotencyKeys: IdempotencyKeyRepository;
  outbox: EventOutbox;
}

/** An open transaction created outside the service's use cases (a consumer's inbox transaction). */
export type ForeignTransaction = unknown;

export interface UnitOfWork {
  /**
   * Runs `work` in one transaction: it commits when `work` resolves and rolls back when it rejects.
   * Writes that return nothing (ledger.append, payments.add, reservations.save, outbox.append) may
   * be held back and sent with the transaction's next statement or its commit, so their errors may
   * surface there.
   */
  transaction<T>(work: (tx: Repositories) => Promise<T>): Promise<T>;
  /** The repositories outside any transaction: reads, and changes that are one statement. */
  readonly direct: Repositories;
  /** The repositories inside a transaction someone else opened and will commit. */
  within(transaction: ForeignTransaction): Repositories;
}

export const UNIT_OF_WORK = Symbol('UnitOfWork');
