import { Inject, Injectable } from '@nestjs/common';
import { UNIT_OF_WORK, type UnitOfWork } from '../../../shared/application/unit-of-work';
import type { BalanceView } from '../charge-balance/charge-balance.use-case';

@Injectable()
export class GetBalanceUseCase {
  constructor(@Inject(UNIT_OF_WORK) private readonly unitOfWork: UnitOfWork) {}

  /** 0 for a user never charged. */
  async execute(query: { userId: string }): Promise<BalanceView> {
    return { userId: query.userId, balance: await this.unitOfWork.direct.wallets.balanceOf(query.userId) };
  }
}
