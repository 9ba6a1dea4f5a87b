/**
 * Test doubles of the service's ports (unit tests only): an in-memory unit of work whose
 * transactions roll back when the work rejects, a clock the test moves, predictable ids.
 */
import { DomainError, ErrorCode, type Topic } from '@concert/contracts';
import type { IdempotencyKeyRepository } from '../idempotency/application/idempotency-key.repository';
import type { IdempotencyRecord, IdempotencyScope, StoredResponse } from '../idempotency/domain/idempotency-record';
import type { PaymentRepository } from '../payment/application/payment.repository';
import { Payment, type PaymentProps } from '../payment/domain/payment';
import type { ReservationReplicaRepository } from '../reservation-replica/application/reservation-replica.repository';
import { ReservationReplica, type ReservationReplicaProps } from '../reservation-replica/domain/reservation-replica';
import type { LedgerRepository } from '../wallet/application/ledger.repository';
import type { WalletRepository } from '../wallet/application/wallet.repository';
import type { LedgerEntry } from '../wallet/domain/ledger-entry';
import { Wallet } from '../wallet/domain/wallet';
import type { OutgoingEvent } from '../shared/application/event-outbox';
import type { ForeignTransaction, Repositories, UnitOfWork } from '../shared/application/unit-of-work';
import type { Clock } from '../shared/domain/clock';
import type { IdGenerator } from '../shared/domain/id-generator';

export class ManualClock implements Clock {
  constructor(private current: Date = new Date('2030-01-01T00:00:00.000Z')) {}
  now(): Date {
    return new Date(this.current.getTime());
  }
  set(at: Date | string): void {
    this.current = new Date(at);
  }
  advance(ms: number): void {
    this.current = new Date(this.current.getTime() + ms);
  }
}

export class SequentialIds implements IdGenerator {
  private next = 1;
  newId(): string {
    return `00000000-0000-4000-8000-${String(this.next++).padStart(12, '0')}`;
  }
}

interface State {
  wallets: Map<string, number>;
  ledger: LedgerEntry[];
  payments: Map<string, PaymentProps>;
  replicas: Map<string, ReservationReplicaProps>;
  keys: Map<string, IdempotencyRecord>;
  events: Array<OutgoingEvent<Topic>>;
}

function emptyState(): State {
  return { wallets: new Map(), ledger: [], payments: new Map(), replicas: new Map(), keys: new Map(), events: [] };
}

function copy(state: State): State {
  return {
    wallets: new Map(state.wallets),
    ledger: state.ledger.map((entry) => ({ ...entry })),
    payments: new Map([...state.payments].map(([id, p]) => [id, { ...p }])),
    replicas: new Map([...state.replicas].map(([id, r]) => [id, { ...r }])),
    keys: new Map([...state.keys].map(([id, k]) => [id, { ...k }] as [string, IdempotencyRecord])),
    events: [...state.events],
  };
}

const keyOf = (scope: IdempotencyScope) => `${scope.userId}|${scope.endpoint}|${scope.key}`;

/** Same semantics as the SQL repositories, on plain maps. */
export class InMemoryUnitOfWork implements UnitOfWork {
  state: State = emptyState();
  transactions = 0;
  /** Called inside every transaction before the work (to simulate interference). */
  onTransaction?: () => void;
  readonly direct: Repositories = this.repositories();

  async transaction<T>(work: (tx: Repositories) => Promise<T>): Promise<T> {
    this.transactions++;
    const before = copy(this.state);
    try {
      this.onTransaction?.();
      return await work(this.repositories());
    } catch (error) {
      this.state = before;
      throw error;
    }
  }

  within(_transaction: ForeignTransaction): Repositories {
    return this.repositories();
  }

  balanceOf(userId: string): number {
    return this.state.wallets.get(userId) ?? 0;
  }

  seedReplica(props: ReservationReplicaProps): void {
    this.state.replicas.set(props.id, { ...props });
  }

  private repositories(): Repositories {
    const wallets: WalletRepository = {
      charge: async (userId, amount) => {
        try {
          const next = Wallet.of(userId, this.balanceOf(userId)).charge(amount);
          this.state.wallets.set(userId, next.balance);
          return next.balance;
        } catch {
          return null;
        }
      },
      debit: async (userId, amount) => {
        if (!this.state.wallets.has(userId)) return null;
        try {
          const next = Wallet.of(userId, this.balanceOf(userId)).debit(amount);
          this.state.wallets.set(userId, next.balance);
          return next.balance;
        } catch {
          return null;
        }
      },
      refund: async (userId, amount) => {
        const next = Wallet.of(userId, this.balanceOf(userId)).refund(amount);
        this.state.wallets.set(userId, next.balance);
        return next.balance;
      },
      balanceOf: async (userId) => {
        return this.balanceOf(userId);
      },
    };
    const ledger: LedgerRepository = {
      append: async (entry) => {
        if (entry.amount <= 0) throw new Error('ledger amount must be positive');
        this.state.ledger.push({ ...entry, at: new Date() });
      },
      history: async (userId, limit) => {
        return this.state.ledger.filter((entry) => entry.userId === userId).reverse().slice(0, limit);
      },
    };
    const payments: PaymentRepository = {
      add: async (payment) => {
        if ([...this.state.payments.values()].some((p) => p.reservationId === payment.reservationId)) {
          throw new DomainError(ErrorCode.RESERVATION_ALREADY_PAID, 'This reservation is already paid');
        }
        this.state.payments.set(payment.id, payment.toProps());
      },
      lock: async (paymentId) => {
        const p = this.state.payments.get(paymentId);
        return p ? Payment.restore(p) : null;
      },
      saveRefund: async (payment) => {
        const stored = this.state.payments.get(payment.id);
        if (!stored || stored.status !== 'COMPLETED') return false;
        this.state.payments.set(payment.id, payment.toProps());
        return true;
      },
      findById: async (paymentId) => {
        const p = this.state.payments.get(paymentId);
        return p ? Payment.restore(p) : null;
      },
      listByUser: async (userId, limit) => {
        return [...this.state.payments.values()]
          .filter((p) => p.userId === userId)
          .sort((a, b) => b.paidAt.getTime() - a.paidAt.getTime())
          .slice(0, limit)
          .map((p) => Payment.restore(p));
      },
    };
    const reservations: ReservationReplicaRepository = {
      find: async (id) => {
        const r = this.state.replicas.get(id);
        return r ? ReservationReplica.restore(r) : null;
      },
      lock: async (id) => {
        const r = this.state.replicas.get(id);
        return r ? ReservationReplica.restore(r) : null;
      },
      insertIfAbsent: async (replica) => {
        if (this.state.replicas.has(replica.id)) return false;
        this.state.replicas.set(replica.id, replica.toProps());
        return true;
      },
      save: async (replica) => {
        this.state.replicas.set(replica.id, replica.toProps());
      },
    };
    const idempotencyKeys: IdempotencyKeyRepository = {
      tryInsert: async (record) => {
        if (this.state.keys.has(keyOf(record))) return false;
        this.state.keys.set(keyOf(record), { ...record });
        return true;
      },
      find: async (scope) => {
        const record = this.state.keys.get(keyOf(scope));
        return record ? { ...record } : null;
      },
      replace: async (seen, next) => {
        const stored = this.state.keys.get(keyOf(next));
        if (!stored || stored.ownerId !== seen.ownerId || stored.status !== seen.status) return false;
        this.state.keys.set(keyOf(next), { ...next });
        return true;
      },
      complete: async (scope, ownerId, response: StoredResponse) => {
        const stored = this.state.keys.get(keyOf(scope));
        if (!stored || stored.ownerId !== ownerId || stored.status !== 'IN_PROGRESS') return false;
        this.state.keys.set(keyOf(scope), { ...stored, status: 'COMPLETED', response });
        return true;
      },
      release: async (scope, ownerId) => {
        const stored = this.state.keys.get(keyOf(scope));
        if (stored && stored.ownerId === ownerId && stored.status === 'IN_PROGRESS') this.state.keys.delete(keyOf(scope));
      },
      deleteExpired: async (now, limit) => {
        let deleted = 0;
        for (const [id, record] of this.state.keys) {
          if (deleted >= limit) break;
          if (record.expiresAt.getTime() <= now.getTime()) {
            this.state.keys.delete(id);
            deleted++;
          }
        }
        return deleted;
      },
    };
    return {
      wallets,
      ledger,
      payments,
      reservations,
      idempotencyKeys,
      outbox: {
        append: async (event) => {
          this.state.events.push(event);
        },
      },
    };
  }
}
