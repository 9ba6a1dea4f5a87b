import type { EntityManager } from 'typeorm';

const managers = new WeakMap<TransactionScope, EntityManager>();

/**
 * The inbox transaction a saga handler runs in, as the platform hands it over (postgres inbox):
 * the handler's writes go through it, so its effect and the inbox row commit together, and a
 * redelivered event does nothing. Opaque to handlers and use cases; only a service's persistence
 * adapter (its unit of work) opens it, with {@link TransactionScope.entityManagerOf}.
 */
export class TransactionScope {
  private constructor() {}

  static of(manager: EntityManager): TransactionScope {
    const scope = new TransactionScope();
    managers.set(scope, manager);
    return scope;
  }

  /** The transaction's EntityManager, for persistence adapters; throws for anything but a scope. */
  static entityManagerOf(scope: unknown): EntityManager {
    const manager = scope instanceof TransactionScope ? managers.get(scope) : undefined;
    if (!manager?.queryRunner?.isTransactionActive) throw new Error('a TransactionScope of an open inbox transaction is required');
    return manager;
  }
}
