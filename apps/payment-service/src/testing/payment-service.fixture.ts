import 'reflect-metadata';
import { randomUUID } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { type EventPayload, type Topic } from '@concert/contracts';
import {
  CALLER_ASSERTION_HEADER,
  type CallerAssertionClaims,
  createHttpApp,
  startSagaConsumers,
  DEV_INTERNAL_ASSERTION_KEY,
  encodeEvent,
  loadConfig,
  verifyCallerAssertion,
} from '@concert/platform';
import { assertionHeaders, createTestDatabase, createTestKafka, migrateService, type TestDatabase, type TestKafka, uniqueTopicPrefix } from '@concert/testing';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { Client } from 'pg';
import { Agent, request } from 'undici';
import { AppModule } from '../app.module';
import { paymentServiceDatabase } from '../infrastructure/database/payment-service-database';
import { paymentServiceConfigSchema } from '../payment-service.config';
import type { Clock } from '../shared/domain/clock';

export interface HttpAnswer {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: Record<string, unknown> & { code?: string };
}

export interface ReplicaRow {
  id: string;
  userId: string;
  /** The reservation's concert (null: a replica stored before the concert was kept). */
  concertId?: string | null;
  amount: number;
  expiresAt: Date;
  status?: 'HELD' | 'PAID' | 'CONFIRMED' | 'EXPIRED' | 'CANCELLED';
  version?: number;
}

/**
 * One test file's payment-service world: a fresh migrated database, a unique Kafka topic prefix,
 * and N instances of the service in this process on their own ports (each with its own pool,
 * outbox relay and consumers, as separate replicas would have).
 */
export class PaymentServiceWorld {
  readonly instances: Array<{ app: NestFastifyApplication; baseUrl: string }> = [];
  private readonly agent = new Agent({ connections: 256, pipelining: 1, keepAliveTimeout: 10_000 });
  private nextInstance = 0;

  private constructor(
    readonly database: TestDatabase,
    readonly kafka: TestKafka,
    readonly sql: Client,
  ) {}

  static async start(options: { instances?: number; env?: Record<string, string>; clock?: Clock } = {}): Promise<PaymentServiceWorld> {
    const database = await createTestDatabase('payment');
    await migrateService(database.url, paymentServiceDatabase);
    const kafka = createTestKafka(uniqueTopicPrefix());
    await kafka.ensureTopics();
    const sql = new Client({ connectionString: database.url, options: '-c search_path=payment,public' });
    await sql.connect();
    const world = new PaymentServiceWorld(database, kafka, sql);
    for (let i = 0; i < (options.instances ?? 2); i++) {
      const config = loadConfig(paymentServiceConfigSchema, {
        NODE_ENV: 'test',
        LOG_LEVEL: process.env['TEST_LOG_LEVEL'] ?? 'fatal',
        DATABASE_URL: database.url,
        DATABASE_POOL_SIZE: '10',
        KAFKA_BROKERS: kafka.brokers.join(','),
        KAFKA_TOPIC_PREFIX: kafka.prefix,
        KAFKA_SESSION_TIMEOUT_MS: '6000',
        INSTANCE_ID: `it-${i}`,
        PORT: '0',
        RESERVATION_SERVICE_TIMEOUT_MS: '1000',
        ...options.env,
      });
      const app = await createHttpApp(AppModule.forRoot(config, options.clock ? { clock: options.clock } : {}), {
        service: 'payment-service',
        port: 0,
        host: '127.0.0.1',
      });
      await app.listen(0, '127.0.0.1');
      await startSagaConsumers(app);
      world.instances.push({ app, baseUrl: await app.getUrl() });
    }
    return world;
  }

  /**
   * Sends a request to the instances in turn (round robin, as the gateway does) unless one is
   * named, with the caller assertion the gateway would sign for this method and path: acting for
   * `userId` (none given: for nobody) with the caller's `queueTokenId`, of `queueConcertId`'s
   * waiting room when given; `unasserted` sends none.
   */
  async call(
    method: 'GET' | 'POST',
    path: string,
    options: {
      userId?: string | null;
      queueTokenId?: string;
      queueConcertId?: string;
      idempotencyKey?: string;
      body?: unknown;
      rawBody?: string;
      instance?: number;
      headers?: Record<string, string>;
      unasserted?: boolean;
    } = {},
  ): Promise<HttpAnswer> {
    const instance = this.instances[options.instance ?? this.nextInstance++ % this.instances.length];
    if (!instance) throw new Error('no such instance');
    const headers: Record<string, string> = options.unasserted
      ? {}
      : assertionHeaders(method, path, options.userId ?? null, options.queueTokenId ?? null, undefined, options.queueConcertId ?? null);
    if (options.idempotencyKey !== undefined) headers['idempotency-key'] = options.idempotencyKey;
    Object.assign(headers, options.headers);
    const body = options.rawBody ?? (options.body === undefined ? undefined : JSON.stringify(options.body));
    if (body !== undefined) headers['content-type'] = 'application/json';
    const response = await request(`${instance.baseUrl}${path}`, { method, headers, body, dispatcher: this.agent });
    const text = await response.body.text();
    return { status: response.statusCode, headers: response.headers, body: text ? (JSON.parse(text) as HttpAnswer['body']) : {} };
  }

  /** Charges `userId`'s wallet as that user (`as`: as another caller, null: for nobody). */
  charge(userId: string, amount: unknown, options: { idempotencyKey?: string; instance?: number; as?: string | null } = {}): Promise<HttpAnswer> {
    const { as = userId, ...rest } = options;
    return this.call('POST', `/api/v1/users/${userId}/balance/charge`, { body: { amount }, userId: as, ...rest });
  }

  pay(
    userId: string,
    reservationId: string,
    options: { idempotencyKey?: string; instance?: number; queueTokenId?: string; queueConcertId?: string } = {},
  ): Promise<HttpAnswer> {
    return this.call('POST', '/api/v1/payments', { userId, body: { reservationId }, queueTokenId: options.queueTokenId ?? `token-${userId}`, ...options });
  }

  async balanceOf(userId: string): Promise<number> {
    const { rows } = await this.sql.query<{ balance: string }>('SELECT balance FROM wallets WHERE user_id = $1', [userId]);
    return rows[0] ? Number(rows[0].balance) : 0;
  }

  /** A reservation in the replica, as if SeatHeld had arrived. */
  async insertReplica(row: ReplicaRow): Promise<void> {
    await this.sql.query(
      `INSERT INTO reservation_replicas (id, user_id, concert_id, amount, expires_at, status, version, updated_at) VALUES ($1, $2, $3, $4, $5, $6, $7, now())`,
      [row.id, row.userId, row.concertId === undefined ? randomUUID() : row.concertId, row.amount, row.expiresAt, row.status ?? 'HELD', row.version ?? 1],
    );
  }

  /** Publishes an event to Kafka as a producer service would (envelope, headers, key). */
  async publish<T extends Topic>(topic: T, key: string, payload: EventPayload<T>, eventId: string = randomUUID()): Promise<string> {
    await this.kafka.bus.publish([encodeEvent({ id: eventId, topic, key, payload, headers: {}, occurredAt: new Date().toISOString() })]);
    return eventId;
  }

  /** See {@link expectMoneyToReconcile}. */
  expectMoneyToReconcile(): Promise<void> {
    return expectMoneyToReconcile(this.sql);
  }

  async stop(): Promise<void> {
    await Promise.allSettled(this.instances.map((instance) => instance.app.close()));
    await this.agent.close();
    await this.sql.end().catch(() => undefined);
    await this.kafka.cleanup().catch(() => undefined);
    await this.database.drop();
  }
}

/**
 * The money invariant, for any test with a connection to payment-service's schema (search_path
 * = payment): each wallet's balance equals the sum of its ledger (CHARGE + REFUND − PAYMENT),
 * each entry's balance_after equals the running sum in the order the entries were applied, no
 * balance is negative, no ledger entry lacks a wallet, and every payment has exactly one PAYMENT
 * entry (and one REFUND entry when refunded, none otherwise).
 */
export async function expectMoneyToReconcile(sql: Pick<Client, 'query'>): Promise<void> {
  const delta = `CASE l.type WHEN 'PAYMENT' THEN -l.amount ELSE l.amount END`;
  const { rows: walletMismatches } = await sql.query(
    `SELECT w.user_id, w.balance::text AS balance, COALESCE(sum(${delta}), 0)::text AS ledger_sum
     FROM wallets w LEFT JOIN ledger l ON l.user_id = w.user_id
     GROUP BY w.user_id, w.balance
     HAVING w.balance <> COALESCE(sum(${delta}), 0) OR w.balance < 0`,
  );
  const { rows: chainBreaks } = await sql.query(
    `SELECT user_id, id, balance_after::text, running::text FROM (
       SELECT l.user_id, l.id, l.balance_after, sum(${delta}) OVER (PARTITION BY l.user_id ORDER BY l.id) AS running FROM ledger l
     ) chain WHERE balance_after <> running`,
  );
  const { rows: orphans } = await sql.query(`SELECT DISTINCT user_id FROM ledger EXCEPT SELECT user_id FROM wallets`);
  const { rows: paymentMismatches } = await sql.query(
    `SELECT p.id, p.status, p.amount::text,
            count(*) FILTER (WHERE l.type = 'PAYMENT')::int AS debits,
            count(*) FILTER (WHERE l.type = 'REFUND')::int AS refunds
     FROM payments p LEFT JOIN ledger l ON l.reference = p.id
     GROUP BY p.id, p.status, p.amount
     HAVING p.amount > 0 AND (
       count(*) FILTER (WHERE l.type = 'PAYMENT') <> 1
       OR count(*) FILTER (WHERE l.type = 'REFUND') <> (CASE p.status WHEN 'REFUNDED' THEN 1 ELSE 0 END)
     )`,
  );
  expect({ walletMismatches, chainBreaks, orphans, paymentMismatches }).toEqual({ walletMismatches: [], chainBreaks: [], orphans: [], paymentMismatches: [] });
}

/**
 * A stand-in for reservation-service's internal endpoint: a real HTTP server answering
 * GET /internal/reservations/:id from a map (404 RESERVATION_NOT_FOUND otherwise), counting calls.
 * Like every service it believes only signed callers: a request without a genuine caller
 * assertion made for it is refused with 401 (AUTH_REQUIRED / AUTH_INVALID), as reservation-service would.
 */
export class ReservationServiceStub {
  readonly reservations = new Map<string, Record<string, unknown>>();
  calls = 0;
  /** The claims of every assertion it accepted, in order. */
  readonly assertions: CallerAssertionClaims[] = [];
  /** Requests refused for a missing or invalid assertion. */
  refused = 0;
  /** While true, every request is answered by a dropped connection (the instance is down). */
  down = false;

  private constructor(
    private readonly server: Server,
    readonly baseUrl: string,
  ) {}

  static async start(): Promise<ReservationServiceStub> {
    const holder: { stub?: ReservationServiceStub } = {};
    const server = createServer((req, res) => {
      const { stub } = holder;
      if (!stub) return;
      stub.calls++;
      if (stub.down) {
        req.socket.destroy();
        return;
      }
      res.setHeader('content-type', 'application/json');
      const header = req.headers[CALLER_ASSERTION_HEADER];
      const claims =
        typeof header === 'string' && header !== ''
          ? verifyCallerAssertion(header, [process.env.INTERNAL_ASSERTION_KEY ?? DEV_INTERNAL_ASSERTION_KEY], { method: req.method ?? '', path: req.url ?? '', nowMs: Date.now() })
          : null;
      if (!claims) {
        stub.refused++;
        const code = typeof header === 'string' && header !== '' ? 'AUTH_INVALID' : 'AUTH_REQUIRED';
        res.statusCode = 401;
        res.end(JSON.stringify({ statusCode: 401, code, message: 'no genuine caller assertion', requestId: 'stub' }));
        return;
      }
      stub.assertions.push(claims);
      const match = /^\/internal\/reservations\/([^/?]+)$/.exec(req.url ?? '');
      const reservation = match?.[1] ? stub.reservations.get(decodeURIComponent(match[1])) : undefined;
      if (!reservation) {
        res.statusCode = 404;
        res.end(JSON.stringify({ statusCode: 404, code: 'RESERVATION_NOT_FOUND', message: 'unknown', requestId: 'stub' }));
        return;
      }
      res.end(JSON.stringify(reservation));
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    holder.stub = new ReservationServiceStub(server, `http://127.0.0.1:${(server.address() as AddressInfo).port}`);
    return holder.stub;
  }

  /** Registers a HELD reservation the way reservation-service's internal endpoint describes it. */
  hold(reservation: { reservationId: string; userId: string; concertId?: string; price: number; expiresAt: Date; status?: string; version?: number }): void {
    this.reservations.set(reservation.reservationId, {
      reservationId: reservation.reservationId,
      userId: reservation.userId,
      concertId: reservation.concertId ?? randomUUID(),
      scheduleId: randomUUID(),
      seatNo: 7,
      price: reservation.price,
      status: reservation.status ?? 'HELD',
      expiresAt: reservation.expiresAt.toISOString(),
      version: reservation.version ?? 1,
      paymentId: null,
    });
  }

  async stop(): Promise<void> {
    this.server.closeAllConnections();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }
}

/** A URL nothing listens on (for "reservation-service unreachable"). */
export async function deadUrl(): Promise<string> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return `http://127.0.0.1:${port}`;
}

export function users(count: number): string[] {
  return Array.from({ length: count }, () => randomUUID());
}

export const inMinutes = (minutes: number): Date => new Date(Date.now() + minutes * 60_000);
