import { Inject, Injectable } from '@nestjs/common';
import { DomainError, ErrorCode } from '@concert/contracts';
import { UNIT_OF_WORK, type UnitOfWork } from '../../../shared/application/unit-of-work';
import { type PaymentView, paymentViewOf } from '../payment-view';

@Injectable()
export class GetPaymentUseCase {
  constructor(@Inject(UNIT_OF_WORK) private readonly unitOfWork: UnitOfWork) {}

  async execute(query: { paymentId: string }): Promise<PaymentView> {
    const payment = await this.unitOfWork.direct.payments.findById(query.paymentId);
    if (!payment) throw new DomainError(ErrorCode.PAYMENT_NOT_FOUND, `Payment ${query.paymentId} does not exist`);
    return paymentViewOf(payment);
  }
}
