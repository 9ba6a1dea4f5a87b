import { randomBytes, randomUUID } from 'node:crypto';
import { createWriteStream, mkdirSync } from 'node:fs';
import { createServer } from 'node:net';
import path from 'node:path';
import { ErrorCode, httpStatusOf, isErrorCode } from '@concert/contracts';
import { createThrowawayPostgres, deleteRedisPrefix, testInfra, type ThrowawayPostgres, uniqueTopicPrefix, waitFor } from '@concert/testing';
import { Client } from 'pg';
import { reconcile } from '../../scripts/reconcile/reconcile';
import { ROOT, type RunningSystem, startSystem } from '../../scripts/system/system';
import { type ApiResponse, ApiClient, type ErrorBody, futureStartsAt, type ReservationBody } from './support/api-client';
import { explainingStall, type SagaDiagnosticsSource } from './support/saga-diagnostics';

/** Long enough to outlive the outage: a payment taken just before it must still confirm after it. */
const HOLD_SECONDS = 40;
const OUTAGE_MS = 20_000;
const BUYERS = 6;
const SEAT_PRICE = 10_000;
const SCHEDULES = 6;
const SEATS_PER_SCHEDULE = 50;

type Phase = 'before' | 'outage' | 'after';
type Step = 'join' | 'me' | 'charge' | 'hold' | 'pay' | 'read';

interface Answer {
  phase: Phase;
  step: Step;
  status: number;
  code?: string;
  retryAfter: string | null;
  ms: number;
}

interface Paid {
  userId: string;
  reservationId: string;
  paymentId: string;
  phase: Phase;
}

/**
 * Postgres goes away for 20 s in the middle of steady purchases (issue "Postgres and Kafka faults
 * under load"). The whole system — the gateway, two instances and a worker of every service, the
 * history sink — runs on a Postgres cluster of the test's own, which is SIGKILLed (postmaster and
 * every backend, as a crash would) and started again on the same data folder. While it is down,
 * every answer must be the contract's 503 SERVICE_UNAVAILABLE with Retry-After (or a business
 * answer the contract defines), never a 500 and never a hang; afterwards every saga completes,
 * nothing is left half-done and the books reconcile.
 */
describe('Postgres down for 20 s during purchases (own cluster, 2 replicas + a worker per service)', () => {
  let postgres: ThrowawayPostgres;
  let system: RunningSystem;
  let databaseUrl: string;
  let redisKeyPrefix: string;
  let kafkaTopicPrefix: string;
  let api: ApiClient;
  let scheduleIds: string[];
  let log: ReturnType<typeof createWriteStream>;
  let logFile: string;
  let nextSeat = 0;
  let phase: Phase = 'before';
  const answers: Answer[] = [];
  const paid: Paid[] = [];
  /** What each buyer's wallet must hold once every saga is done. */
  const expectedBalance = new Map<string, number>();
  const abandoned: ReservationBody[] = [];
  const purchaseFailures: string[] = [];

  beforeAll(async () => {
    postgres = await createThrowawayPostgres();
    await postgres.start();
    // As scripts/infra/postgres.sh up does; the migrations create the history schema themselves.
    databaseUrl = await postgres.createDatabase('concert_reservation', ['concert', 'reservation', 'payment']);
    const logDir = path.join(ROOT, '.infra', 'e2e-logs');
    mkdirSync(logDir, { recursive: true });
    logFile = path.join(logDir, 'postgres_outage.log');
    log = createWriteStream(logFile, { flags: 'w' });
    redisKeyPrefix = `e2e:postgres_outage:${randomBytes(3).toString('hex')}:`;
    kafkaTopicPrefix = uniqueTopicPrefix();
    system = await startSystem({
      gatewayPort: await freePortBlock(),
      replicas: 2,
      runtime: 'dist',
      // A process that dies during the outage is a failure of this test, not something to hide.
      restart: false,
      env: {
        ...process.env,
        NODE_ENV: 'test',
        LOG_LEVEL: 'warn',
        DATABASE_URL: databaseUrl,
        REDIS_URL: testInfra.redisUrl,
        REDIS_KEY_PREFIX: redisKeyPrefix,
        KAFKA_BROKERS: testInfra.kafkaBrokers.join(','),
        KAFKA_TOPIC_PREFIX: kafkaTopicPrefix,
        KAFKA_SESSION_TIMEOUT_MS: '6000',
        RATE_LIMIT_PER_CLIENT_PER_SECOND: '0',
        RESERVATION_HOLD_SECONDS: String(HOLD_SECONDS),
      },
      output: (name, line) => log.write(`${name.padEnd(26)}| ${line}\n`),
    });
    api = new ApiClient(system.gatewayUrl);
    const created = await api.createConcert(Array.from({ length: SCHEDULES }, (_, day) => ({ startsAt: futureStartsAt(20 + day), seatPrice: SEAT_PRICE })));
    expect(created.status).toBe(201);
    scheduleIds = created.body.schedules.map((schedule) => schedule.scheduleId);
    // reservation-service learns the catalog from concert-service's events.
    const probe = await api.admitted(randomUUID());
    const held = await waitFor(async () => {
      const hold = await api.hold(probe, scheduleIds[SCHEDULES - 1] ?? '', SEATS_PER_SCHEDULE);
      return hold.status === 201 ? hold : false;
    }, { timeoutMs: 20_000, description: 'catalog reached reservation-service' });
    expect((await api.cancel(probe, held.body.reservationId)).status).toBe(200);
  }, 120_000);

  afterAll(async () => {
    await system?.stop();
    log?.end();
    await postgres?.destroy();
    if (redisKeyPrefix) await deleteRedisPrefix(redisKeyPrefix);
  }, 60_000);

  /** What a stalled wait prints: processes, outboxes, parked events, consumer lag, log. */
  const stallSource = (): SagaDiagnosticsSource => ({ system, databaseUrl, kafkaBrokers: testInfra.kafkaBrokers, kafkaTopicPrefix, log: logFile });

  /** Sends a request and records what came back, in the phase it was sent in. */
  async function send<T>(step: Step, request: () => Promise<ApiResponse<T>>): Promise<ApiResponse<T>> {
    const sentIn = phase;
    const started = Date.now();
    let response: ApiResponse<T>;
    try {
      response = await request();
    } catch (error) {
      // No HTTP answer at all (the gateway dropped the connection): recorded as status 0.
      answers.push({ phase: sentIn, step, status: 0, code: error instanceof Error ? error.message : String(error), retryAfter: null, ms: Date.now() - started });
      throw error;
    }
    const code = response.status >= 400 ? (response.body as ErrorBody | undefined)?.code : undefined;
    answers.push({ phase: sentIn, step, status: response.status, code, retryAfter: response.headers.get('retry-after'), ms: Date.now() - started });
    return response;
  }

  /**
   * A client that asks again while the answer says "later": 503 (sooner than Retry-After, to keep
   * the load up), and 409 IDEMPOTENCY_KEY_IN_PROGRESS — a keyed request whose first attempt claimed
   * the key just before the connection dropped keeps it until IDEMPOTENCY_KEY_STALE_SECONDS (30)
   * after that attempt began (docs/api.md), then a retry runs it again.
   */
  async function untilNot503<T>(step: Step, request: () => Promise<ApiResponse<T>>): Promise<ApiResponse<T>> {
    for (;;) {
      const response = await send(step, request);
      const later = response.status === 409 && (response.body as ErrorBody | undefined)?.code === ErrorCode.IDEMPOTENCY_KEY_IN_PROGRESS;
      if (response.status !== 503 && !later) return response;
      await new Promise((resolve) => setTimeout(resolve, later ? 1_000 : 250));
    }
  }

  function takeSeat(): { scheduleId: string; seatNo: number } {
    const seat = nextSeat++;
    const usable = SEATS_PER_SCHEDULE - 1; // seat 50 of each schedule is left alone (the probe's)
    const scheduleId = scheduleIds[Math.floor(seat / usable)];
    if (!scheduleId) throw new Error('the test ran out of seats');
    return { scheduleId, seatNo: (seat % usable) + 1 };
  }

  /** One buyer's purchase, start to end, asking again through every 503. */
  async function purchase(options: { pay: boolean } = { pay: true }): Promise<ReservationBody | undefined> {
    const userId = randomUUID();
    await api.accessTokenOf(userId); // dev sign-in (the gateway's own; Postgres plays no part)
    const joined = await untilNot503('join', () => api.join(userId));
    expect([200, 201]).toContain(joined.status);
    const { token } = joined.body;
    for (let status = joined.body.status; status !== 'ACTIVE'; ) {
      await new Promise((resolve) => setTimeout(resolve, 100));
      const me = await untilNot503('me', () => api.me(token));
      expect(me.status).toBe(200);
      status = me.body.status;
    }
    // Keyed: a charge whose answer was lost to the outage is asked again without crediting twice.
    const charged = await untilNot503('charge', () => api.charge(userId, SEAT_PRICE, `charge-${userId}`));
    expect(charged.status).toBe(200);
    expectedBalance.set(userId, SEAT_PRICE);
    let reservation: ReservationBody | undefined;
    while (!reservation) {
      const { scheduleId, seatNo } = takeSeat();
      const hold = await untilNot503('hold', () => api.hold(token, scheduleId, seatNo));
      // 409: a hold made just before the connection dropped, or the seat is someone else's; try the next.
      if (hold.status === 201) reservation = hold.body;
      else expect(hold.status).toBe(409);
    }
    if (!options.pay) return reservation;
    const held = reservation;
    const payment = await untilNot503('pay', () => api.pay(token, held.reservationId, `pay-${held.reservationId}`));
    if (payment.status === 201) {
      paid.push({ userId, reservationId: held.reservationId, paymentId: payment.body.paymentId, phase: phase });
      expectedBalance.set(userId, 0);
    } else {
      // The contract's business refusals only (the hold ran out meanwhile, say): checked below.
      expect(payment.status).toBeGreaterThanOrEqual(400);
      expect(payment.status).toBeLessThan(500);
    }
    return reservation;
  }

  /** Buyers buying one seat after another until `stop()` says so; each finishes the purchase it is in. */
  function buyers(count: number): { stop(): Promise<void> } {
    let stopping = false;
    const loops = Array.from({ length: count }, async () => {
      while (!stopping) {
        // A purchase that goes wrong is noted (and fails the test below) while the others go on.
        await purchase().catch((error: unknown) => purchaseFailures.push(error instanceof Error ? error.message.slice(0, 500) : String(error)));
      }
    });
    return {
      async stop() {
        stopping = true;
        await Promise.all(loops);
      },
    };
  }

  /** Reads that need the database (balance, history, a reservation) and one that may not (seat map). */
  function reader(): { stop(): Promise<void> } {
    let stopping = false;
    const loop = (async () => {
      const userId = randomUUID();
      const token = await api.admitted(userId);
      const concertId = api.defaultConcertId ?? '';
      while (!stopping) {
        await send('read', () => api.balance(userId)).catch(() => undefined); // a dropped connection is recorded as 0
        await send('read', () => api.history(userId)).catch(() => undefined); // a dropped connection is recorded as 0
        await send('read', () => api.seats(token, concertId, scheduleIds[0] ?? '')).catch(() => undefined); // a dropped connection is recorded as 0
        await send('read', () => api.payments(userId)).catch(() => undefined); // a dropped connection is recorded as 0
        await new Promise((resolve) => setTimeout(resolve, 100));
      }
    })();
    return {
      async stop() {
        stopping = true;
        await loop;
      },
    };
  }

  async function sql<T extends object>(text: string, parameters: unknown[] = []): Promise<T[]> {
    const client = new Client({ connectionString: databaseUrl });
    await client.connect();
    try {
      return (await client.query<T>(text, parameters)).rows;
    } finally {
      await client.end();
    }
  }

  function tally(selected: Answer[]): Record<string, number> {
    const counts: Record<string, number> = {};
    for (const answer of selected) {
      const key = answer.status >= 400 ? `${answer.status} ${answer.code ?? '?'}` : String(answer.status);
      counts[key] = (counts[key] ?? 0) + 1;
    }
    return counts;
  }

  it('answers 503 with Retry-After (never 500) while Postgres is down, and completes every saga once it is back', async () => {
    const buying = buyers(BUYERS);
    const reading = reader();
    let stoppedAt = 0;
    let restartedAt = 0;
    try {
      // Steady state first: purchases completing end to end.
      await waitFor(() => paid.length >= 10, { timeoutMs: 60_000, intervalMs: 100, description: '10 purchases before the outage' });
      // Two holds that nobody will pay: they must run out and free their seats, outage or not.
      for (const reservation of await Promise.all([purchase({ pay: false }), purchase({ pay: false })])) if (reservation) abandoned.push(reservation);

      phase = 'outage';
      stoppedAt = Date.now();
      await postgres.kill();
      await new Promise((resolve) => setTimeout(resolve, OUTAGE_MS));
      await postgres.start();
      phase = 'after';
      restartedAt = Date.now();
      const paidBefore = paid.length;
      // Every buyer gets through at least once more after the restart.
      await waitFor(() => paid.length >= paidBefore + BUYERS, { timeoutMs: 60_000, intervalMs: 100, description: 'purchases after the restart' });
    } finally {
      await Promise.all([buying.stop(), reading.stop()]);
    }

    const during = answers.filter((answer) => answer.phase === 'outage');
    process.stdout.write(
      `postgres outage: ${answers.length} answers; before ${JSON.stringify(tally(answers.filter((answer) => answer.phase === 'before')))}; ` +
        `during the ${OUTAGE_MS / 1000} s ${JSON.stringify(tally(during))}; after ${JSON.stringify(tally(answers.filter((answer) => answer.phase === 'after')))}; ` +
        `slowest answer ${Math.max(...answers.map((answer) => answer.ms))} ms; outage ${restartedAt - stoppedAt} ms; ` +
        `payments ${paid.length} (${paid.filter((payment) => payment.phase === 'after').length} after the restart)\n`,
    );

    expect(purchaseFailures).toEqual([]);
    // Every answer is a contract answer: 2xx, or the contract's error body with its status.
    for (const answer of answers) {
      if (answer.status < 400) continue;
      expect({ status: answer.status, code: answer.code, known: isErrorCode(answer.code) }).toEqual({ status: answer.status, code: answer.code, known: true });
      expect(httpStatusOf(answer.code as ErrorCode)).toBe(answer.status);
    }
    expect(answers.filter((answer) => answer.status === 0 || (answer.status >= 500 && answer.status !== 503))).toEqual([]);
    // Every 503 is SERVICE_UNAVAILABLE and says when to ask again.
    expect(answers.filter((answer) => answer.status === 503 && (answer.code !== ErrorCode.SERVICE_UNAVAILABLE || !/^[1-9]\d*$/.test(answer.retryAfter ?? '')))).toEqual([]);
    // The outage was felt: requests were refused with 503 while it lasted.
    expect(during.filter((answer) => answer.status === 503).length).toBeGreaterThan(0);

    // Every payment that answered 201 is CONFIRMED and its seat SOLD.
    const reservationIds = paid.map((payment) => payment.reservationId);
    await explainingStall(
      () =>
        waitFor(
          async () => (await sql<{ n: number }>(`SELECT count(*)::int AS n FROM reservation.reservations WHERE id = ANY($1) AND status = 'CONFIRMED'`, [reservationIds]))[0]?.n === paid.length,
          { timeoutMs: 45_000, intervalMs: 250, description: `${paid.length} paid reservations CONFIRMED` },
        ),
      stallSource,
    );
    await explainingStall(
      () =>
        waitFor(
          async () => (await sql<{ n: number }>(`SELECT count(*)::int AS n FROM concert.seats WHERE reservation_id = ANY($1) AND status = 'SOLD'`, [reservationIds]))[0]?.n === paid.length,
          { timeoutMs: 30_000, intervalMs: 250, description: `${paid.length} seats SOLD` },
        ),
      stallSource,
    );
    const payments = await sql<{ id: string; status: string }>(`SELECT id, status FROM payment.payments WHERE id = ANY($1)`, [paid.map((payment) => payment.paymentId)]);
    expect(payments.map((payment) => payment.status)).toEqual(paid.map(() => 'COMPLETED'));

    // Nothing half-done: every hold ends (the abandoned ones expire and free their seats) …
    await waitFor(async () => (await sql<{ n: number }>(`SELECT count(*)::int AS n FROM reservation.reservations WHERE status = 'HELD'`))[0]?.n === 0, {
      timeoutMs: HOLD_SECONDS * 1_000,
      intervalMs: 500,
      description: 'no reservation HELD any more',
    });
    const ends = await sql<{ id: string; status: string }>(`SELECT id, status FROM reservation.reservations WHERE id = ANY($1)`, [abandoned.map((hold) => hold.reservationId)]);
    expect(ends.map((end) => end.status)).toEqual(abandoned.map(() => 'EXPIRED'));
    await waitFor(
      async () =>
        (
          await sql<{ n: number }>(`SELECT count(*)::int AS n FROM concert.seats s JOIN unnest($1::uuid[], $2::int[]) AS a(schedule_id, seat_no) USING (schedule_id, seat_no) WHERE s.status = 'AVAILABLE'`, [
            abandoned.map((hold) => hold.scheduleId),
            abandoned.map((hold) => hold.seatNo),
          ])
        )[0]?.n === abandoned.length,
      { timeoutMs: 15_000, intervalMs: 250, description: 'the abandoned seats AVAILABLE again' },
    );
    // … every outbox row is published, no inbox handler parked an event …
    const unsent = () =>
      sql<{ schema: string; topic: string; attempts: number; parked: boolean; last_error: string | null; due_in_ms: number }>(
        ['concert', 'reservation', 'payment']
          .map(
            (schema) =>
              `SELECT '${schema}' AS schema, topic, attempts, parked_at IS NOT NULL AS parked, last_error,
                      (extract(epoch FROM available_at - now()) * 1000)::int AS due_in_ms FROM ${schema}.outbox WHERE sent_at IS NULL`,
          )
          .join(' UNION ALL '),
      );
    await waitFor(async () => (await unsent()).length === 0, { timeoutMs: 30_000, intervalMs: 250, description: 'every outbox drained' }).catch(async (error: unknown) => {
      // Due later (a publish failed), or locked by a relay transaction that does not end?
      const busy = await sql(
        `SELECT application_name, state, left(query, 100) AS query, (extract(epoch FROM now() - xact_start) * 1000)::int AS in_transaction_ms
           FROM pg_stat_activity WHERE datname = current_database() AND state <> 'idle' AND pid <> pg_backend_pid()`,
      );
      throw new Error(`${error instanceof Error ? error.message : String(error)}; unsent: ${JSON.stringify((await unsent()).slice(0, 20))}; busy sessions: ${JSON.stringify(busy)}`);
    });
    const schemasWithInbox = await sql<{ table_schema: string }>(`SELECT table_schema FROM information_schema.tables WHERE table_name = 'dead_letters' ORDER BY 1`);
    expect(schemasWithInbox.map((row) => row.table_schema)).toEqual(expect.arrayContaining(['concert', 'payment', 'reservation']));
    for (const { table_schema: schema } of schemasWithInbox) {
      expect({ schema, parked: (await sql(`SELECT consumer_group, topic, error FROM "${schema}".dead_letters`)) }).toEqual({ schema, parked: [] });
    }
    // … no seat sold twice, no reservation paid twice …
    expect(await sql(`SELECT schedule_id, seat_no FROM reservation.reservations WHERE status = 'CONFIRMED' GROUP BY 1, 2 HAVING count(*) > 1`)).toEqual([]);
    expect(await sql(`SELECT reservation_id FROM concert.seats WHERE status = 'SOLD' GROUP BY 1 HAVING count(*) > 1`)).toEqual([]);
    expect(await sql(`SELECT reference FROM payment.ledger WHERE type = 'PAYMENT' GROUP BY 1 HAVING count(*) > 1`)).toEqual([]);
    // … every buyer's balance is exactly what they did (charged once, paid at most once) …
    const wallets = await sql<{ user_id: string; balance: string }>(`SELECT user_id, balance FROM payment.wallets WHERE user_id = ANY($1)`, [[...expectedBalance.keys()]]);
    expect(Object.fromEntries(wallets.map((wallet) => [wallet.user_id, Number(wallet.balance)]))).toEqual(Object.fromEntries(expectedBalance));
    // … no Idempotency-Key is left claimed (the claims the crash orphaned were taken over by the retries) …
    expect(await sql(`SELECT endpoint, key FROM payment.idempotency_keys WHERE status = 'IN_PROGRESS'`)).toEqual([]);
    // … and the books reconcile: sold seats = confirmed reservations = completed payments, balance = ledger.
    const report = await reconcile(databaseUrl, 15_000);
    expect(report.drift).toEqual([]);
    expect(report.pendingEvents).toBe(0);
    expect(report.soldSeats).toBe(report.confirmedReservations);
    expect(report.confirmedReservations).toBe(report.completedPayments);
    expect(report.completedPayments).toBe(paid.length);
    process.stdout.write(`postgres outage: reconciled ${JSON.stringify({ ...report, drift: report.drift.length })}\n`);

    // No process died of it.
    expect(system.processes.filter((managed) => managed.child.exitCode !== null || managed.child.signalCode !== null).map((managed) => managed.name)).toEqual([]);
  }, 240_000);

  it('serves new purchases end to end after the restart', async () => {
    const before = paid.length;
    await Promise.all(Array.from({ length: 3 }, () => purchase()));
    const fresh = paid.slice(before);
    expect(fresh).toHaveLength(3);
    await explainingStall(
      () =>
        waitFor(
          async () =>
            (await sql<{ n: number }>(`SELECT count(*)::int AS n FROM reservation.reservations WHERE id = ANY($1) AND status = 'CONFIRMED'`, [fresh.map((payment) => payment.reservationId)]))[0]?.n === 3,
          { timeoutMs: 20_000, intervalMs: 250, description: 'the new purchases CONFIRMED' },
        ),
      stallSource,
    );
    for (const payment of fresh) expect((await api.balance(payment.userId)).body.balance).toBe(0);
  });
});

function portIsFree(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const server = createServer();
    server.once('error', () => resolve(false));
    server.listen(port, '127.0.0.1', () => server.close(() => resolve(true)));
  });
}

/** A gateway port whose block (as startE2eSystem picks it: +1..+5, +51..+55, +101..+105) is free, below the ephemeral range. */
async function freePortBlock(): Promise<number> {
  for (let attempt = 0; attempt < 50; attempt++) {
    const base = 10_000 + 200 * Math.floor(Math.random() * 100);
    const ports = [0, 1, 2, 3, 4, 5, 51, 52, 53, 54, 55, 101, 102, 103, 104, 105].map((offset) => base + offset);
    if ((await Promise.all(ports.map(portIsFree))).every(Boolean)) return base;
  }
  throw new Error('no free block of ports for the end-to-end system');
}
