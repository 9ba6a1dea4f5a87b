export interface TokenIdGenerator {
  next(): string;
}

export const TOKEN_ID_GENERATOR = Symbol('TOKEN_ID_GENERATOR');
