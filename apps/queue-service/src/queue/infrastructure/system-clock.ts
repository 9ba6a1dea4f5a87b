import type { Clock } from '../domain/clock';

export class SystemClock implements Clock {
  now(): number {
    return Date.now();
  }
}
