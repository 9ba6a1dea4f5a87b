/**
 * Reconciliation across the services' schemas (an operations tool, the one place that reads
 * several schemas): sold seats = confirmed reservations = completed, non-refunded payments, and
 * every wallet's balance equals its ledger. Sagas still in flight (unsent outbox rows) are
 * reported apart from drift.
 */
import { Client } from 'pg';

export interface Drift {
  check: string;
  detail: string;
}

export interface ReconciliationReport {
  soldSeats: number;
  confirmedReservations: number;
  completedPayments: number;
  refundedPayments: number;
  wallets: number;
  pendingEvents: number;
  drift: Drift[];
}

interface Row {
  reservation_id: string;
}

export async function reconcileOnce(databaseUrl: string): Promise<ReconciliationReport> {
  const client = new Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    // One snapshot of all schemas, so concurrent commits cannot make the sides disagree.
    await client.query('BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY');
    const sold = await client.query<Row & { schedule_id: string; seat_no: number }>(
      `SELECT reservation_id, schedule_id, seat_no FROM concert.seats WHERE status = 'SOLD'`,
    );
    const confirmed = await client.query<{ id: string; schedule_id: string; seat_no: number; payment_id: string }>(
      `SELECT id, schedule_id, seat_no, payment_id FROM reservation.reservations WHERE status = 'CONFIRMED'`,
    );
    const payments = await client.query<{ id: string; reservation_id: string; status: string }>(`SELECT id, reservation_id, status FROM payment.payments`);
    const wallets = await client.query<{ user_id: string; balance: string; ledger: string | null; last_after: string | null }>(
      `SELECT w.user_id, w.balance,
              (SELECT sum(CASE l.type WHEN 'PAYMENT' THEN -l.amount ELSE l.amount END) FROM payment.ledger l WHERE l.user_id = w.user_id) AS ledger,
              (SELECT l.balance_after FROM payment.ledger l WHERE l.user_id = w.user_id ORDER BY l.id DESC LIMIT 1) AS last_after
         FROM payment.wallets w`,
    );
    const live = await client.query<{ schedule_id: string; seat_no: number; n: number }>(
      `SELECT schedule_id, seat_no, count(*)::int AS n FROM reservation.reservations
        WHERE status IN ('HELD', 'CONFIRMED') GROUP BY schedule_id, seat_no HAVING count(*) > 1`,
    );
    const pending = await client.query<{ n: number }>(
      `SELECT (SELECT count(*) FROM concert.outbox WHERE sent_at IS NULL)
            + (SELECT count(*) FROM reservation.outbox WHERE sent_at IS NULL)
            + (SELECT count(*) FROM payment.outbox WHERE sent_at IS NULL) AS n`,
    );
    await client.query('COMMIT');

    const drift: Drift[] = [];
    const soldByReservation = new Map(sold.rows.map((row) => [row.reservation_id, row]));
    const confirmedById = new Map(confirmed.rows.map((row) => [row.id, row]));
    const completed = payments.rows.filter((row) => row.status === 'COMPLETED');
    const completedByReservation = new Map(completed.map((row) => [row.reservation_id, row]));

    for (const reservation of confirmed.rows) {
      const seat = soldByReservation.get(reservation.id);
      if (!seat) drift.push({ check: 'confirmed reservation has a sold seat', detail: `reservation ${reservation.id} is CONFIRMED but its seat is not SOLD to it` });
      const payment = completedByReservation.get(reservation.id);
      if (!payment) drift.push({ check: 'confirmed reservation is paid', detail: `reservation ${reservation.id} has no COMPLETED payment` });
      else if (payment.id !== reservation.payment_id) {
        drift.push({ check: 'confirmed reservation is paid', detail: `reservation ${reservation.id} confirmed by ${reservation.payment_id}, completed payment is ${payment.id}` });
      }
    }
    for (const seat of sold.rows) {
      if (!confirmedById.has(seat.reservation_id)) {
        drift.push({ check: 'sold seat has a confirmed reservation', detail: `seat ${seat.schedule_id}#${seat.seat_no} SOLD to ${seat.reservation_id}, which is not CONFIRMED` });
      }
    }
    for (const payment of completed) {
      if (!confirmedById.has(payment.reservation_id)) {
        drift.push({ check: 'completed payment has a confirmed reservation', detail: `payment ${payment.id} is COMPLETED but reservation ${payment.reservation_id} is not CONFIRMED` });
      }
    }
    for (const seat of live.rows) {
      drift.push({ check: 'one live reservation per seat', detail: `seat ${seat.schedule_id}#${seat.seat_no} has ${seat.n} live reservations` });
    }
    for (const wallet of wallets.rows) {
      const ledger = BigInt(wallet.ledger ?? '0');
      if (BigInt(wallet.balance) !== ledger || (wallet.last_after !== null && BigInt(wallet.last_after) !== BigInt(wallet.balance))) {
        drift.push({ check: 'balance equals ledger', detail: `wallet ${wallet.user_id}: balance ${wallet.balance}, ledger sum ${ledger}, last balanceAfter ${wallet.last_after}` });
      }
      if (BigInt(wallet.balance) < 0n) drift.push({ check: 'balance never negative', detail: `wallet ${wallet.user_id}: ${wallet.balance}` });
    }
    return {
      soldSeats: sold.rowCount ?? 0,
      confirmedReservations: confirmed.rowCount ?? 0,
      completedPayments: completed.length,
      refundedPayments: payments.rows.length - completed.length,
      wallets: wallets.rowCount ?? 0,
      pendingEvents: Number(pending.rows[0]?.n ?? 0),
      drift,
    };
  } finally {
    await client.end();
  }
}

/**
 * Reconciles, re-checking while sagas are still in flight (events pending, or drift that the
 * in-flight events may still resolve) until `settleMs` has passed.
 */
export async function reconcile(databaseUrl: string, settleMs = 10_000): Promise<ReconciliationReport> {
  const deadline = Date.now() + settleMs;
  for (;;) {
    const report = await reconcileOnce(databaseUrl);
    if ((report.drift.length === 0 && report.pendingEvents === 0) || Date.now() >= deadline) return report;
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
}
