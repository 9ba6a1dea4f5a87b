import { type HoldStrategy, type HoldStrategyName } from './hold-strategy';
import { OnConflictHoldStrategy } from './on-conflict.hold-strategy';
import { OptimisticHoldStrategy } from './optimistic.hold-strategy';
import { PessimisticHoldStrategy } from './pessimistic.hold-strategy';
import { UnguardedHoldStrategy } from './unguarded.hold-strategy';
import { UniqueInsertHoldStrategy } from './unique-insert.hold-strategy';

export function createHoldStrategy(name: HoldStrategyName): HoldStrategy {
  switch (name) {
    case 'on-conflict':
      return new OnConflictHoldStrategy();
    case 'unique-insert':
      return new UniqueInsertHoldStrategy();
    case 'pessimistic':
      return new PessimisticHoldStrategy();
    case 'optimistic':
      return new OptimisticHoldStrategy();
    case 'none':
      return new UnguardedHoldStrategy();
  }
}
