import { type DynamicModule, Global, Module } from '@nestjs/common';
import { UNIT_OF_WORK } from './application/unit-of-work';
import { CLOCK, type Clock } from './domain/clock';
import { ID_GENERATOR } from './domain/id-generator';
import { SystemClock } from './infrastructure/system-clock';
import { TypeOrmUnitOfWork } from './infrastructure/typeorm-unit-of-work';
import { UuidIdGenerator } from './infrastructure/uuid-id-generator';

export interface SharedModuleOptions {
  /** Replaces the system clock (tests that move time). */
  clock?: Clock;
}

/** The ports every module's use cases share: unit of work (repositories + outbox), clock, id generator. */
@Global()
@Module({})
export class SharedModule {
  static forRoot(options: SharedModuleOptions = {}): DynamicModule {
    return {
      module: SharedModule,
      providers: [
        { provide: UNIT_OF_WORK, useClass: TypeOrmUnitOfWork },
        options.clock ? { provide: CLOCK, useValue: options.clock } : { provide: CLOCK, useClass: SystemClock },
        { provide: ID_GENERATOR, useClass: UuidIdGenerator },
      ],
      exports: [UNIT_OF_WORK, CLOCK, ID_GENERATOR],
    };
  }
}
