import { randomUUID } from 'node:crypto';
import type { TokenIdGenerator } from '../application/ports/token-id-generator.port';

/** Token ids are random UUIDs: unguessable, and carrying no order (order comes from the sequence). */
export class RandomTokenIdGenerator implements TokenIdGenerator {
  next(): string {
    return randomUUID();
  }
}
