import { DomainError, ErrorCode } from '@concert/contracts';
import { isUniqueViolationOf } from '@concert/platform';
import type { EntityManager } from 'typeorm';
import type { PaymentRepository } from '../application/payment.repository';
import { Payment } from '../domain/payment';
import { queryRows, writeLater } from '../../shared/infrastructure/sql';
import { PaymentOrmEntity } from './payment.orm-entity';

export class TypeOrmPaymentRepository implements PaymentRepository {
  constructor(private readonly manager: EntityManager) {}

  private get repository() {
    return this.manager.getRepository(PaymentOrmEntity);
  }

  async add(payment: Payment): Promise<void> {
    const p = payment.toProps();
    await writeLater(this.manager, {
      sql: `INSERT INTO payments (id, reservation_id, user_id, amount, status, paid_at, refunded_at) VALUES ($1, $2, $3, $4, $5, $6, $7)`,
      parameters: [p.id, p.reservationId, p.userId, p.amount, p.status, p.paidAt, p.refundedAt],
      describeError: (error) =>
        isUniqueViolationOf(error, 'payments_one_per_reservation') ? new DomainError(ErrorCode.RESERVATION_ALREADY_PAID, 'This reservation is already paid') : undefined,
    });
  }

  async lock(paymentId: string): Promise<Payment | null> {
    const rows = await queryRows<PaymentRow>(this.manager, `SELECT ${COLUMNS} FROM payments WHERE id = $1 FOR UPDATE`, [paymentId]);
    return rows[0] ? fromRow(rows[0]) : null;
  }

  async saveRefund(payment: Payment): Promise<boolean> {
    const rows = await queryRows(
      this.manager,
      `UPDATE payments SET status = 'REFUNDED', refunded_at = $2 WHERE id = $1 AND status = 'COMPLETED' RETURNING id`,
      [payment.id, payment.refundedAt],
    );
    return rows.length === 1;
  }

  async findById(paymentId: string): Promise<Payment | null> {
    const row = await this.repository.findOneBy({ id: paymentId });
    return row ? Payment.restore({ ...row }) : null;
  }

  async listByUser(userId: string, limit: number): Promise<Payment[]> {
    const rows = await this.repository.find({ where: { userId }, order: { paidAt: 'DESC', id: 'DESC' }, take: limit });
    return rows.map((row) => Payment.restore({ ...row }));
  }
}

const COLUMNS = 'id, reservation_id, user_id, amount, status, paid_at, refunded_at';

interface PaymentRow {
  id: string;
  reservation_id: string;
  user_id: string;
  amount: string;
  status: 'COMPLETED' | 'REFUNDED';
  paid_at: Date;
  refunded_at: Date | null;
}

function fromRow(row: PaymentRow): Payment {
  return Payment.restore({
    id: row.id,
    reservationId: row.reservation_id,
    userId: row.user_id,
    amount: Number(row.amount),
    status: row.status,
    paidAt: row.paid_at,
    refundedAt: row.refunded_at,
  });
}
