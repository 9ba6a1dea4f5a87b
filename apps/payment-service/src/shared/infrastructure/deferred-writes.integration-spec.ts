import { randomUUID } from 'node:crypto';
import { DomainError, ErrorCode, Topics } from '@concert/contracts';
import { outboxChannel, OutboxWriter, serviceDataSourceOptions } from '@concert/platform';
import { createTestDatabase, migrateService, type TestDatabase } from '@concert/testing';
import { Client } from 'pg';
import { DataSource } from 'typeorm';
import { paymentServiceDatabase } from '../../infrastructure/database/payment-service-database';
import { Payment } from '../../payment/domain/payment';
import { ReservationReplica } from '../../reservation-replica/domain/reservation-replica';
import type { Repositories } from '../application/unit-of-work';
import { TypeOrmUnitOfWork } from './typeorm-unit-of-work';

/**
 * The writes a payment-service transaction holds back (DeferredWrites) on the real schema: sent
 * together in one statement, before the next statement and before the commit, rolled back with the
 * transaction, their errors mapped as if each had run alone.
 */
describe('deferred writes of a payment-service transaction (real Postgres)', () => {
  let database: TestDatabase;
  let dataSource: DataSource;
  let unitOfWork: TypeOrmUnitOfWork;
  let sql: Client;
  const at = new Date('2030-01-01T00:00:00.000Z');

  beforeAll(async () => {
    database = await createTestDatabase('payment_deferred');
    await migrateService(database.url, paymentServiceDatabase);
    dataSource = await new DataSource(serviceDataSourceOptions({ ...paymentServiceDatabase, url: database.url, migrations: [], poolSize: 4 })).initialize();
    unitOfWork = new TypeOrmUnitOfWork(dataSource, new OutboxWriter());
    sql = new Client({ connectionString: database.url });
    await sql.connect();
    await sql.query('SET search_path TO payment');
  });

  afterAll(async () => {
    await sql?.end();
    await dataSource?.destroy();
    await database?.drop();
  });

  /** The first words of each statement `work` sends (the transaction's own BEGIN and COMMIT aside). */
  async function countingStatements<T>(work: (tx: Repositories) => Promise<T>): Promise<{ result: T; statements: string[] }> {
    const statements: string[] = [];
    const createQueryRunner = dataSource.createQueryRunner.bind(dataSource);
    const spy = jest.spyOn(dataSource, 'createQueryRunner').mockImplementation((mode) => {
      const runner = createQueryRunner(mode);
      const query = runner.query.bind(runner);
      runner.query = ((text: string, ...rest: unknown[]) => {
        if (!/^(START TRANSACTION|BEGIN|COMMIT|ROLLBACK)/.test(text)) statements.push(text.trim().split(/\s+/).slice(0, 3).join(' '));
        return (query as (...args: unknown[]) => Promise<unknown>)(text, ...rest);
      }) as typeof runner.query;
      return runner;
    });
    try {
      const result = await unitOfWork.transaction(work);
      return { result, statements };
    } finally {
      spy.mockRestore();
    }
  }

  async function paymentSetUp(): Promise<{ userId: string; replica: ReservationReplica; payment: Payment }> {
    const userId = randomUUID();
    const reservationId = randomUUID();
    await unitOfWork.direct.wallets.charge(userId, 100_000, at);
    const replica = ReservationReplica.restore({ id: reservationId, userId, concertId: randomUUID(), amount: 80_000, expiresAt: new Date(at.getTime() + 300_000), status: 'HELD', version: 1 });
    await unitOfWork.direct.reservations.insertIfAbsent(replica);
    const payment = Payment.complete({ id: randomUUID(), reservationId, userId, amount: 80_000, paidAt: at });
    return { userId, replica, payment };
  }

  async function pay(tx: Repositories, setUp: { userId: string; replica: ReservationReplica; payment: Payment }): Promise<void> {
    const { userId, replica, payment } = setUp;
    await tx.reservations.lock(replica.id);
    const balance = await tx.wallets.debit(userId, payment.amount, at);
    await tx.payments.add(payment);
    await tx.ledger.append({ userId, type: 'PAYMENT', amount: payment.amount, balanceAfter: balance ?? -1, reference: payment.id });
    await tx.reservations.save(replica.markPaid());
    await tx.outbox.append({ topic: Topics.PaymentCompleted, key: replica.id, occurredAt: at, payload: { paymentId: payment.id, reservationId: replica.id, userId, amount: payment.amount, paidAt: at.toISOString(), queueTokenId: null } });
  }

  it('sends the four writes of a payment as one statement after the lock and the debit, and NOTIFYs the relay at commit', async () => {
    const setUp = await paymentSetUp();
    const listener = new Client({ connectionString: database.url });
    await listener.connect();
    const notified = new Promise<string>((resolve) => listener.on('notification', (message) => resolve(message.channel)));
    await listener.query(`LISTEN "${outboxChannel('payment')}"`);
    try {
      const { statements } = await countingStatements((tx) => pay(tx, setUp));

      expect(statements).toEqual(['SELECT id, user_id,', 'UPDATE wallets SET', 'WITH w1 AS']);
      await expect(notified).resolves.toBe(outboxChannel('payment'));
    } finally {
      await listener.end();
    }
    const { rows } = await sql.query<{ wallet: string; payments: number; ledger: number; status: string; outbox: number }>(
      `SELECT (SELECT balance FROM wallets WHERE user_id = $1)::text AS wallet,
              (SELECT count(*)::int FROM payments WHERE reservation_id::text = $2) AS payments,
              (SELECT count(*)::int FROM ledger WHERE reference::text = $3 AND balance_after = 20000) AS ledger,
              (SELECT status FROM reservation_replicas WHERE id::text = $2) AS status,
              (SELECT count(*)::int FROM outbox WHERE message_key = $2) AS outbox`,
      [setUp.userId, setUp.replica.id, setUp.payment.id],
    );
    expect(rows[0]).toEqual({ wallet: '20000', payments: 1, ledger: 1, status: 'PAID', outbox: 1 });
  });

  it('sends what is held back before the next statement, a TypeORM find as well, which then sees it', async () => {
    const { userId } = await paymentSetUp();
    const { result, statements } = await countingStatements(async (tx) => {
      await tx.ledger.append({ userId, type: 'PAYMENT', amount: 1, balanceAfter: 99_999, reference: randomUUID() });
      return (await tx.ledger.history(userId, 10)).map((entry) => entry.balanceAfter);
    });

    expect(result).toEqual([99_999]);
    expect(statements[0]).toBe('INSERT INTO ledger');
    expect(statements).toHaveLength(2);
  });

  it('rolls the debit back and answers RESERVATION_ALREADY_PAID when the held-back payment meets the one already there', async () => {
    const setUp = await paymentSetUp();
    await unitOfWork.transaction((tx) => pay(tx, setUp));
    const second = { ...setUp, payment: Payment.complete({ id: randomUUID(), reservationId: setUp.replica.id, userId: setUp.userId, amount: 80_000, paidAt: at }) };
    await sql.query(`UPDATE reservation_replicas SET status = 'HELD' WHERE id = $1`, [setUp.replica.id]);
    await unitOfWork.direct.wallets.charge(setUp.userId, 80_000, at);

    const failed = await unitOfWork.transaction((tx) => pay(tx, second)).catch((error: unknown) => error);

    expect(failed).toBeInstanceOf(DomainError);
    expect((failed as DomainError).code).toBe(ErrorCode.RESERVATION_ALREADY_PAID);
    const { rows } = await sql.query<{ balance: string; payments: number; outbox: number }>(
      `SELECT (SELECT balance FROM wallets WHERE user_id = $1)::text AS balance,
              (SELECT count(*)::int FROM payments WHERE reservation_id::text = $2) AS payments,
              (SELECT count(*)::int FROM outbox WHERE message_key = $2) AS outbox`,
      [setUp.userId, setUp.replica.id],
    );
    expect(rows[0]).toEqual({ balance: '100000', payments: 1, outbox: 1 });
  });
});
