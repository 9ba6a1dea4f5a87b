import type { EntityManager } from 'typeorm';
import type { PaymentRepository } from '../application/payment.repository';
import { Payment } from '../domain/payment';
import { queryRows } from '../../shared/infrastructure/sql';
import { PaymentOrmEntity } from './payment.orm-entity';

export class TypeOrmPaymentRepository implements PaymentRepository {
  constructor(private readonly manager: EntityManager) {}

  private get repository() {
    return this.manager.getRepository(PaymentOrmEntity);
  }

  async insert(payment: Payment): Promise<boolean> {
    const p = payment.toProps();
    // ON CONFLICT instead of catching the unique violation: the transaction stays usable.
    const rows = await queryRows(
      this.manager,
      `INSERT INTO payments (id, reservation_id, user_id, amount, status, paid_at, refunded_at)
       VALUES ($1, $2, $3, $4, $5, $6, $7)
       ON CONFLICT (reservation_id) DO NOTHING
       RETURNING id`,
      [p.id, p.reservationId, p.userId, p.amount, p.status, p.paidAt, p.refundedAt],
    );
    return rows.length === 1;
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
