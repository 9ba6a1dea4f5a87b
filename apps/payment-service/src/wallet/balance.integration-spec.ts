import { randomUUID } from 'node:crypto';
import { ErrorCode } from '@concert/contracts';
import { Client } from 'pg';
import { requestHashOf } from '../idempotency/application/request-hash';
import { PurgeExpiredKeysUseCase } from '../idempotency/application/purge-expired-keys/purge-expired-keys.use-case';
import { expectMoneyToReconcile, inMinutes, PaymentServiceWorld, users } from '../testing/payment-service.fixture';
import { MAX_BALANCE } from './domain/wallet';

/** Balances under real concurrency: two instances on one fresh database, requests fired at once over both. */
describe('balance: charge, balance, history — two instances', () => {
  let world: PaymentServiceWorld;

  beforeAll(async () => {
    world = await PaymentServiceWorld.start({ instances: 2 });
  });

  afterEach(async () => {
    await world.expectMoneyToReconcile();
  });

  afterAll(async () => {
    await world?.stop();
  });

  it('loses no charge: 100 concurrent charges of 1,000 over two instances make exactly 100,000', async () => {
    const [userId] = users(1) as [string];

    const answers = await Promise.all(Array.from({ length: 100 }, () => world.charge(userId, 1_000)));

    expect(answers.map((answer) => answer.status)).toEqual(Array(100).fill(200));
    expect(new Set(answers.map((answer) => answer.body['balance'])).size).toBe(100); // every intermediate balance once
    await expect(world.call('GET', `/api/v1/users/${userId}/balance`, { userId })).resolves.toMatchObject({ status: 200, body: { userId, balance: 100_000 } });
    const history = await world.call('GET', `/api/v1/users/${userId}/balance/history`, { userId });
    const entries = history.body as unknown as Array<{ type: string; amount: number; balanceAfter: number; at: string }>;
    expect(entries).toHaveLength(100);
    expect(entries.map((entry) => entry.balanceAfter)).toEqual(Array.from({ length: 100 }, (_, i) => 100_000 - i * 1_000));
    expect(entries.every((entry) => entry.type === 'CHARGE' && entry.amount === 1_000 && !Number.isNaN(Date.parse(entry.at)))).toBe(true);
    // Newest first in time as well: each entry is stamped when its change was applied, not when its
    // transaction began (a charge that waited for the row lock began before the one it waited for).
    const times = entries.map((entry) => Date.parse(entry.at));
    expect(times.filter((time, index) => index > 0 && time > times[index - 1])).toEqual([]);
  });

  it('keeps the cap exact under concurrency: of 10 charges of 1,000 with 5,000 of room, exactly 5 pass', async () => {
    const [userId] = users(1) as [string];
    for (let i = 0; i < 99; i++) await world.charge(userId, 10_000_000);
    await expect(world.charge(userId, 10_000_000 - 5_000)).resolves.toMatchObject({ status: 200, body: { balance: MAX_BALANCE - 5_000 } });

    const answers = await Promise.all(Array.from({ length: 10 }, () => world.charge(userId, 1_000)));

    expect(answers.filter((answer) => answer.status === 200)).toHaveLength(5);
    expect(answers.filter((answer) => answer.status === 400 && answer.body.code === ErrorCode.INVALID_AMOUNT)).toHaveLength(5);
    await expect(world.balanceOf(userId)).resolves.toBe(MAX_BALANCE);
  });

  it.each([0, -1, 10_000_001, 1.5, '1000', null, true])('answers 400 INVALID_AMOUNT for amount %p', async (amount) => {
    const [userId] = users(1) as [string];
    await expect(world.charge(userId, amount)).resolves.toMatchObject({ status: 400, body: { statusCode: 400, code: ErrorCode.INVALID_AMOUNT } });
    await expect(world.balanceOf(userId)).resolves.toBe(0);
  });

  it('answers 400 INVALID_AMOUNT for a missing amount, VALIDATION_FAILED for unknown fields, bad ids, bad JSON and bad keys', async () => {
    const [userId] = users(1) as [string];
    await expect(world.call('POST', `/api/v1/users/${userId}/balance/charge`, { userId, body: {} })).resolves.toMatchObject({ status: 400, body: { code: ErrorCode.INVALID_AMOUNT } });
    await expect(world.call('POST', `/api/v1/users/${userId}/balance/charge`, { userId, body: { amount: 1, extra: 1 } })).resolves.toMatchObject({
      status: 400,
      body: { code: ErrorCode.VALIDATION_FAILED },
    });
    await expect(world.charge('not-a-uuid', 1_000)).resolves.toMatchObject({ status: 400, body: { code: ErrorCode.VALIDATION_FAILED } });
    await expect(world.call('POST', `/api/v1/users/${userId}/balance/charge`, { userId, rawBody: '{"amount": ' })).resolves.toMatchObject({
      status: 400,
      body: { code: ErrorCode.VALIDATION_FAILED },
    });
    await expect(world.charge(userId, 1_000, { idempotencyKey: 'has spaces' })).resolves.toMatchObject({ status: 400, body: { code: ErrorCode.VALIDATION_FAILED } });
    await expect(world.charge(userId, 1_000, { idempotencyKey: 'k'.repeat(256) })).resolves.toMatchObject({ status: 400, body: { code: ErrorCode.VALIDATION_FAILED } });
    await expect(world.balanceOf(userId)).resolves.toBe(0);
  });

  it('answers 0 and an empty history for a user never charged', async () => {
    const [userId] = users(1) as [string];
    await expect(world.call('GET', `/api/v1/users/${userId}/balance`, { userId })).resolves.toMatchObject({ status: 200, body: { userId, balance: 0 } });
    await expect(world.call('GET', `/api/v1/users/${userId}/balance/history`, { userId })).resolves.toMatchObject({ status: 200, body: [] });
  });

  it('lets only the user the path names charge or read a wallet: 403 USER_MISMATCH for another caller, 401 for nobody', async () => {
    const [userId, stranger] = users(2) as [string, string];
    await world.charge(userId, 4_000);

    await expect(world.charge(userId, 1_000, { as: stranger })).resolves.toMatchObject({ status: 403, body: { code: ErrorCode.USER_MISMATCH } });
    await expect(world.call('GET', `/api/v1/users/${userId}/balance`, { userId: stranger })).resolves.toMatchObject({ status: 403, body: { code: ErrorCode.USER_MISMATCH } });
    await expect(world.call('GET', `/api/v1/users/${userId}/balance/history`, { userId: stranger })).resolves.toMatchObject({
      status: 403,
      body: { code: ErrorCode.USER_MISMATCH },
    });
    await expect(world.charge(userId, 1_000, { as: null })).resolves.toMatchObject({ status: 401, body: { code: ErrorCode.AUTH_REQUIRED } });
    await expect(world.call('GET', `/api/v1/users/${userId}/balance`, { unasserted: true })).resolves.toMatchObject({ status: 401, body: { code: ErrorCode.AUTH_REQUIRED } });
    await expect(world.call('GET', `/api/v1/users/${userId}/balance`, { unasserted: true, headers: { 'x-user-id': userId } })).resolves.toMatchObject({
      status: 401,
      body: { code: ErrorCode.AUTH_REQUIRED },
    });
    await expect(world.balanceOf(userId)).resolves.toBe(4_000);
    await expect(world.balanceOf(stranger)).resolves.toBe(0);
    // The path may name the caller in either case of the id.
    await expect(world.call('GET', `/api/v1/users/${userId.toUpperCase()}/balance`, { userId })).resolves.toMatchObject({ status: 200, body: { userId, balance: 4_000 } });
  });

  describe('Idempotency-Key', () => {
    it('charges once for 20 concurrent retries with one key over both instances; the others replay or get 409', async () => {
      const [userId] = users(1) as [string];
      const key = randomUUID();

      const answers = await Promise.all(Array.from({ length: 20 }, () => world.charge(userId, 5_000, { idempotencyKey: key })));

      const ok = answers.filter((answer) => answer.status === 200);
      const busy = answers.filter((answer) => answer.status === 409 && answer.body.code === ErrorCode.IDEMPOTENCY_KEY_IN_PROGRESS);
      expect(ok.length + busy.length).toBe(20);
      expect(ok.length).toBeGreaterThanOrEqual(1);
      expect(ok.every((answer) => answer.body['balance'] === 5_000)).toBe(true);
      await expect(world.balanceOf(userId)).resolves.toBe(5_000);
      // Once done, every retry replays the stored result, marked as a replay.
      const retry = await world.charge(userId, 5_000, { idempotencyKey: key });
      expect(retry).toMatchObject({ status: 200, body: { userId, balance: 5_000 } });
      expect(retry.headers['idempotent-replayed']).toBe('true');
      await expect(world.balanceOf(userId)).resolves.toBe(5_000);
    });

    it('answers 422 IDEMPOTENCY_KEY_REUSED for the same key with another amount; keys are per user', async () => {
      const [userId, otherUserId] = users(2) as [string, string];
      const key = randomUUID();
      await world.charge(userId, 1_000, { idempotencyKey: key });

      await expect(world.charge(userId, 2_000, { idempotencyKey: key })).resolves.toMatchObject({ status: 422, body: { code: ErrorCode.IDEMPOTENCY_KEY_REUSED } });
      await expect(world.charge(otherUserId, 2_000, { idempotencyKey: key })).resolves.toMatchObject({ status: 200, body: { balance: 2_000 } });
      await expect(world.balanceOf(userId)).resolves.toBe(1_000);
    });

    it('frees the key of a request that failed, so the retry runs again', async () => {
      const [userId] = users(1) as [string];
      const key = randomUUID();
      for (let i = 0; i < 100; i++) await world.charge(userId, 10_000_000); // at the cap

      await expect(world.charge(userId, 1_000, { idempotencyKey: key })).resolves.toMatchObject({ status: 400, body: { code: ErrorCode.INVALID_AMOUNT } });
      const { rows } = await world.sql.query('SELECT 1 FROM idempotency_keys WHERE user_id = $1', [userId]);
      expect(rows).toHaveLength(0);
      // Make room by paying for a reservation; the retry with the same key now charges.
      const reservationId = randomUUID();
      await world.insertReplica({ id: reservationId, userId, amount: 5_000, expiresAt: inMinutes(5) });
      await expect(world.pay(userId, reservationId)).resolves.toMatchObject({ status: 201 });
      await expect(world.charge(userId, 1_000, { idempotencyKey: key })).resolves.toMatchObject({ status: 200, body: { balance: MAX_BALANCE - 4_000 } });
    });

    it('takes over a key whose first request died (IN_PROGRESS older than the stale delay), but not a fresh one', async () => {
      const [userId] = users(1) as [string];
      const insertInProgress = (key: string, lockedAt: Date) =>
        world.sql.query(
          `INSERT INTO idempotency_keys (user_id, endpoint, key, request_hash, status, owner_id, created_at, locked_at, expires_at)
           VALUES ($1, 'POST /balance/charge', $2, $3, 'IN_PROGRESS', $4, $5, $5, $6)`,
          [userId, key, requestHashOf({ userId, amount: 3_000 }), randomUUID(), lockedAt, inMinutes(60)],
        );
      await insertInProgress('fresh', new Date());
      await insertInProgress('abandoned', new Date(Date.now() - 31_000));

      await expect(world.charge(userId, 3_000, { idempotencyKey: 'fresh' })).resolves.toMatchObject({
        status: 409,
        body: { code: ErrorCode.IDEMPOTENCY_KEY_IN_PROGRESS },
      });
      await expect(world.charge(userId, 3_000, { idempotencyKey: 'abandoned' })).resolves.toMatchObject({ status: 200, body: { balance: 3_000 } });
      await expect(world.charge(userId, 3_000, { idempotencyKey: 'abandoned' })).resolves.toMatchObject({ status: 200, body: { balance: 3_000 } });
      await expect(world.balanceOf(userId)).resolves.toBe(3_000);
    });

    it('ignores an expired key (the request runs again) and purges expired keys', async () => {
      const [userId] = users(1) as [string];
      const key = randomUUID();
      await world.charge(userId, 1_000, { idempotencyKey: key });
      await world.sql.query(`UPDATE idempotency_keys SET expires_at = now() - interval '1 second' WHERE user_id = $1`, [userId]);

      await expect(world.charge(userId, 1_000, { idempotencyKey: key })).resolves.toMatchObject({ status: 200, body: { balance: 2_000 } });
      await world.sql.query(`UPDATE idempotency_keys SET expires_at = now() - interval '1 second' WHERE user_id = $1`, [userId]);
      const purge = world.instances[0]?.app.get(PurgeExpiredKeysUseCase);
      await expect(purge?.execute()).resolves.toBeGreaterThanOrEqual(1);
      const { rows } = await world.sql.query('SELECT 1 FROM idempotency_keys WHERE user_id = $1', [userId]);
      expect(rows).toHaveLength(0);
    });

    it('keeps a completed key for IDEMPOTENCY_KEY_TTL_HOURS (24 by default)', async () => {
      const [userId] = users(1) as [string];
      await world.charge(userId, 1_000, { idempotencyKey: 'ttl' });
      const { rows } = await world.sql.query<{ hours: number }>(
        `SELECT round(extract(epoch FROM expires_at - created_at) / 3600)::int AS hours FROM idempotency_keys WHERE user_id = $1`,
        [userId],
      );
      expect(rows).toEqual([{ hours: 24 }]);
    });
  });

  it('keeps the ledger append-only, and the reconciliation check catches a balance changed behind its back', async () => {
    const [userId] = users(1) as [string];
    await world.charge(userId, 7_000);
    await expect(world.sql.query('UPDATE ledger SET amount = 1 WHERE user_id = $1', [userId])).rejects.toThrow(/append-only/);
    await expect(world.sql.query('DELETE FROM ledger WHERE user_id = $1', [userId])).rejects.toThrow(/append-only/);
    await world.sql.query('BEGIN');
    try {
      await world.sql.query('UPDATE wallets SET balance = balance + 1 WHERE user_id = $1', [userId]);
      await expect(expectMoneyToReconcile(world.sql)).rejects.toThrow(/walletMismatches/);
    } finally {
      await world.sql.query('ROLLBACK');
    }
  });

  it('negative control: read-modify-write in application memory loses a concurrent charge (why the service never does it)', async () => {
    const [userId] = users(1) as [string];
    await world.charge(userId, 1_000);
    const a = new Client({ connectionString: world.database.url, options: '-c search_path=payment' });
    const b = new Client({ connectionString: world.database.url, options: '-c search_path=payment' });
    await Promise.all([a.connect(), b.connect()]);
    try {
      await a.query('BEGIN');
      await b.query('BEGIN');
      const readA = Number((await a.query<{ balance: string }>('SELECT balance FROM wallets WHERE user_id = $1', [userId])).rows[0]?.balance);
      const readB = Number((await b.query<{ balance: string }>('SELECT balance FROM wallets WHERE user_id = $1', [userId])).rows[0]?.balance);
      await a.query('UPDATE wallets SET balance = $2 WHERE user_id = $1', [userId, readA + 1_000]);
      const writeB = b.query('UPDATE wallets SET balance = $2 WHERE user_id = $1', [userId, readB + 1_000]); // waits for a's row lock
      await a.query('ROLLBACK');
      await writeB;
      await b.query('ROLLBACK'); // leave the wallet as it was: the ledger invariant still holds afterwards
      expect(readA + 1_000).toBe(readB + 1_000); // two charges, one increment: the lost update
    } finally {
      await Promise.all([a.end(), b.end()]);
    }
  });
});
