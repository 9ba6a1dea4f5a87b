import type { HoldStrategy } from '../../../apps/reservation-service/src/reservations/infrastructure/hold-strategies/hold-strategy';
import { OnConflictHoldStrategy } from '../../../apps/reservation-service/src/reservations/infrastructure/hold-strategies/on-conflict.hold-strategy';
import { OptimisticHoldStrategy } from './optimistic.hold-strategy';
import { PessimisticHoldStrategy } from './pessimistic.hold-strategy';
import { UnguardedHoldStrategy } from './unguarded.hold-strategy';
import { UniqueInsertHoldStrategy } from './unique-insert.hold-strategy';

/** The strategies the lock benchmark compares; `none` is its negative control (no guard at all). */
export const HOLD_STRATEGY_NAMES = ['on-conflict', 'unique-insert', 'pessimistic', 'optimistic', 'none'] as const;
export type HoldStrategyName = (typeof HOLD_STRATEGY_NAMES)[number];

export function isHoldStrategyName(name: string): name is HoldStrategyName {
  return (HOLD_STRATEGY_NAMES as readonly string[]).includes(name);
}

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
