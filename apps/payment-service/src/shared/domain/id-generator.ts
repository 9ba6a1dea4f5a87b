/** Mints identifiers for new aggregates (payments), injected so tests get predictable ids. */
export interface IdGenerator {
  newId(): string;
}

export const ID_GENERATOR = Symbol('IdGenerator');
