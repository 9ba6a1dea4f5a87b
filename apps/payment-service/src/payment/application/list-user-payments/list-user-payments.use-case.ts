import { Inject, Injectable } from '@nestjs/common';
import { UNIT_OF_WORK, type UnitOfWork } from '../../../shared/application/unit-of-work';
import { type PaymentView, paymentViewOf } from '../payment-view';

export const DEFAULT_PAYMENTS_LIMIT = 1_000;

@Injectable()
export class ListUserPaymentsUseCase {
  constructor(@Inject(UNIT_OF_WORK) private readonly unitOfWork: UnitOfWork) {}

  /** Newest first. */
  async execute(query: { userId: string; limit?: number }): Promise<PaymentView[]> {
    const payments = await this.unitOfWork.direct.payments.listByUser(query.userId, query.limit ?? DEFAULT_PAYMENTS_LIMIT);
    return payments.map(paymentViewOf);
  }
}
