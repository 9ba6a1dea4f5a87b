/** The time source of business rules (injected so rules are testable without sleeping). */
export interface Clock {
  now(): Date;
}

export const CLOCK = Symbol('CLOCK');
