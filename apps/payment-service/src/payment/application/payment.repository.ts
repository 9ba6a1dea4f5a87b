import type { Payment } from '../domain/payment';

export interface PaymentRepository {
  /**
   * Stores a new payment. A reservation is paid at most once: when it already has a payment, this
   * (or, in a transaction that holds writes back, its commit) fails with RESERVATION_ALREADY_PAID.
   */
  add(payment: Payment): Promise<void>;
  /** The payment, row-locked until the transaction ends. */
  lock(paymentId: string): Promise<Payment | null>;
  /** Stores the refund; false when the payment was not COMPLETED any more. */
  saveRefund(payment: Payment): Promise<boolean>;
  findById(paymentId: string): Promise<Payment | null>;
  /** Newest first. */
  listByUser(userId: string, limit: number): Promise<Payment[]>;
}
