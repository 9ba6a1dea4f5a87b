import { Inject, Injectable } from '@nestjs/common';
import { UNIT_OF_WORK, type UnitOfWork } from '../../../shared/application/unit-of-work';
import { CLOCK, type Clock } from '../../../shared/domain/clock';

/** Keys deleted per statement: short statements, no long lock on the table. */
export const PURGE_BATCH_SIZE = 1_000;

/** Deletes expired Idempotency-Keys (an expired key is already ignored by claims; this reclaims the space). */
@Injectable()
export class PurgeExpiredKeysUseCase {
  constructor(
    @Inject(UNIT_OF_WORK) private readonly unitOfWork: UnitOfWork,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  /** How many keys were deleted. */
  async execute(): Promise<number> {
    const now = this.clock.now();
    let total = 0;
    for (;;) {
      const deleted = await this.unitOfWork.direct.idempotencyKeys.deleteExpired(now, PURGE_BATCH_SIZE);
      total += deleted;
      if (deleted < PURGE_BATCH_SIZE) return total;
    }
  }
}
