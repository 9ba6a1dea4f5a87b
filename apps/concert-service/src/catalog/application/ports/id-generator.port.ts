/** New aggregate ids (UUIDs). */
export interface IdGenerator {
  newId(): string;
}

export const ID_GENERATOR = Symbol('ID_GENERATOR');
