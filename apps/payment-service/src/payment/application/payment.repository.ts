import type { Payment } from '../domain/payment';

export interface PaymentRepository {
  /** False when the reservation already has a payment (a reservation is paid at most once). */
  insert(payment: Payment): Promise<boolean>;
  /** The payment, row-locked until the transaction ends. */
  lock(paymentId: string): Promise<Payment | null>;
  /** Stores the refund; false when the payment was not COMPLETED any more. */
  saveRefund(payment: Payment): Promise<boolean>;
  findById(paymentId: string): Promise<Payment | null>;
  /** Newest first. */
  listByUser(userId: string, limit: number): Promise<Payment[]>;
}
