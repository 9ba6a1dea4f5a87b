import { BaseRpcContext } from '@nestjs/microservices';
import type { EventContext } from '../consumer/event-handler';
import { TransactionScope } from '../consumer/transaction-scope';

/** Where one event came from, and what its handler may do once its effect has committed. */
export interface EventDelivery {
  readonly topic: string;
  readonly partition: number;
  readonly offset: string;
  readonly requestId?: string;
  /** Runs `callback` once this event's effect has committed (never for a batch that rolled back). */
  afterCommit(callback: () => void): void;
}

function deliveryOf(context: EventContext): EventDelivery {
  return {
    topic: context.topic,
    partition: context.partition,
    offset: context.offset,
    ...(context.requestId ? { requestId: context.requestId } : {}),
    afterCommit: (callback) => context.afterCommit(callback),
  };
}

/**
 * `@Ctx()` of a saga handler that takes one event: its delivery, the inbox transaction it runs in
 * (a {@link TransactionScope}; absent with the redis inbox) and `afterCommit`.
 */
export class SagaContext extends BaseRpcContext<[EventDelivery]> {
  readonly transaction: TransactionScope | undefined;
  readonly delivery: EventDelivery;

  constructor(context: EventContext) {
    const delivery = deliveryOf(context);
    super([delivery]);
    this.delivery = delivery;
    this.transaction = context.manager ? TransactionScope.of(context.manager) : undefined;
  }

  get topic(): string {
    return this.delivery.topic;
  }

  get requestId(): string | undefined {
    return this.delivery.requestId;
  }

  /** Runs `callback` once the handler's effect has committed (never for a batch that rolled back). */
  afterCommit(callback: () => void): void {
    this.delivery.afterCommit(callback);
  }
}

/**
 * `@Ctx()` of a saga handler that takes batches (`batches: true`): the deliveries of the events
 * in `@Payload()`, index for index (each with its own `afterCommit`), and the one inbox
 * transaction they share.
 */
export class SagaBatchContext extends BaseRpcContext<[readonly EventDelivery[]]> {
  readonly transaction: TransactionScope | undefined;
  readonly deliveries: readonly EventDelivery[];

  constructor(contexts: readonly EventContext[]) {
    const deliveries = contexts.map(deliveryOf);
    super([deliveries]);
    this.deliveries = deliveries;
    const manager = contexts[0]?.manager;
    this.transaction = manager ? TransactionScope.of(manager) : undefined;
  }
}
