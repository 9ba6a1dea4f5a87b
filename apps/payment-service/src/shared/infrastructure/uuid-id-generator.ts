import { randomUUID } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import type { IdGenerator } from '../domain/id-generator';

@Injectable()
export class UuidIdGenerator implements IdGenerator {
  newId(): string {
    return randomUUID();
  }
}
