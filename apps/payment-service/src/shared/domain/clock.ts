/** The time source of every business rule (expiry, key lifetimes), injected so tests control it. */
export interface Clock {
  now(): Date;
}

export const CLOCK = Symbol('Clock');
