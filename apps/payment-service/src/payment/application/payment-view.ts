import type { Payment, PaymentState } from '../domain/payment';

/** A payment as the API shows it. */
export interface PaymentView {
  paymentId: string;
  reservationId: string;
  userId: string;
  amount: number;
  status: PaymentState;
  paidAt: string;
  refundedAt?: string;
}

export function paymentViewOf(payment: Payment): PaymentView {
  const view: PaymentView = {
    paymentId: payment.id,
    reservationId: payment.reservationId,
    userId: payment.userId,
    amount: payment.amount,
    status: payment.status,
    paidAt: payment.paidAt.toISOString(),
  };
  if (payment.refundedAt) view.refundedAt = payment.refundedAt.toISOString();
  return view;
}
