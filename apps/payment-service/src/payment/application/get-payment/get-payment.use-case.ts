import { Inject, Injectable } from '@nestjs/common';
import { DomainError, ErrorCode } from '@concert/contracts';
import { UNIT_OF_WORK, type UnitOfWork } from '../../../shared/application/unit-of-work';
import { type PaymentView, paymentViewOf } from '../payment-view';

@Injectable()
export class GetPaymentUseCase {
  constructor(@Inject(UNIT_OF_WORK) private readonly unitOfWork: UnitOfWork) {}

  /** The caller's payment; another user's reads as if it did not exist. */
  async execute(query: { paymentId: string; userId: string }): Promise<PaymentView> {
    const payment = await this.unitOfWork.direct.payments.findById(query.paymentId);
    if (!payment || payment.userId !== query.userId) throw new DomainError(ErrorCode.PAYMENT_NOT_FOUND, `Payment ${query.paymentId} does not exist`);
    return paymentViewOf(payment);
  }
}
