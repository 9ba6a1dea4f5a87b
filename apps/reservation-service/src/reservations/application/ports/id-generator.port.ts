export interface IdGenerator {
  /** A new UUID. */
  next(): string;
}

export const ID_GENERATOR = Symbol('ID_GENERATOR');
