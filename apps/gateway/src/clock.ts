import { Global, Module } from '@nestjs/common';

/** Time source of the gateway (rate limiter, token state check, replica cool-down); a fake in tests. */
export interface Clock {
  nowMs(): number;
}

export const CLOCK = Symbol('CLOCK');

export const systemClock: Clock = { nowMs: () => Date.now() };

@Global()
@Module({ providers: [{ provide: CLOCK, useValue: systemClock }], exports: [CLOCK] })
export class ClockModule {}
