import { randomUUID } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import type { IdGenerator } from '../application/ports/id-generator.port';

@Injectable()
export class RandomIdGenerator implements IdGenerator {
  newId(): string {
    return randomUUID();
  }
}
