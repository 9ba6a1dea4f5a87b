import { randomUUID } from 'node:crypto';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import Redis from 'ioredis';
import { type EventPayload, type Topic, type Topics } from '@concert/contracts';
import { createHttpApp, encodeEvent, loadConfig, startSagaConsumers } from '@concert/platform';
import { assertionHeaders, createTestDatabase, createTestKafka, migrateService, testInfra, type TestDatabase, type TestKafka, uniqueTopicPrefix } from '@concert/testing';
import { AppModule } from '../../src/app.module';
import { type ConcertServiceConfig, concertServiceConfigSchema } from '../../src/concert-service.config';
import { concertServiceDatabase } from '../../src/infrastructure/database/concert-service-database';

export const ADMIN_KEY = 'integration-admin-key';
export const USER_ID = '0f0f0f0f-1111-4222-8333-444444444444';

/**
 * One concert-service in this process on a fresh database, a unique Redis prefix and a unique
 * Kafka topic/group prefix, with helpers to call it and to publish reservation events.
 */
export class ConcertServiceHarness {
  app!: NestFastifyApplication;
  baseUrl = '';
  db!: TestDatabase;
  kafka!: TestKafka;
  /** A client on the same Redis without the prefix (inspection, cleanup). */
  redis!: Redis;
  config!: ConcertServiceConfig;
  readonly redisPrefix = `test:concert:${randomUUID().slice(0, 8)}:`;

  async start(env: Record<string, string> = {}): Promise<void> {
    this.db = await createTestDatabase('concert_service');
    await migrateService(this.db.url, concertServiceDatabase);
    const prefix = uniqueTopicPrefix();
    this.kafka = createTestKafka(prefix);
    await this.kafka.ensureTopics();
    this.redis = new Redis(testInfra.redisUrl, { maxRetriesPerRequest: 2 });
    this.config = loadConfig(concertServiceConfigSchema, {
      NODE_ENV: 'test',
      LOG_LEVEL: 'warn',
      DATABASE_URL: this.db.url,
      REDIS_URL: testInfra.redisUrl,
      REDIS_KEY_PREFIX: this.redisPrefix,
      KAFKA_BROKERS: testInfra.kafkaBrokers.join(','),
      KAFKA_TOPIC_PREFIX: prefix,
      ADMIN_API_KEY: ADMIN_KEY,
      OUTBOX_POLL_INTERVAL_MS: '100',
      ...env,
    });
    this.app = await createHttpApp(AppModule.forRoot(this.config), { service: 'concert-service', port: 0, host: '127.0.0.1' });
    await this.app.listen(0, '127.0.0.1');
    await startSagaConsumers(this.app);
    this.baseUrl = await this.app.getUrl();
  }

  async stop(): Promise<void> {
    await this.app?.close();
    await this.kafka?.cleanup().catch(() => undefined);
    if (this.redis) {
      const keys = await this.redis.keys(`${this.redisPrefix}*`);
      if (keys.length > 0) await this.redis.del(...keys);
      this.redis.disconnect();
    }
    await this.db?.drop();
  }

  /**
   * A request as the gateway makes it: with a caller assertion for this method and path acting
   * for `caller` (default null: for nobody, as on public and admin routes), with a queue token of
   * `queueConcertId`'s waiting room when given; `caller: false` sends none.
   */
  async call(
    method: string,
    path: string,
    options: { body?: unknown; headers?: Record<string, string>; caller?: string | null | false; queueConcertId?: string } = {},
  ) {
    const caller = options.caller ?? null;
    const queueToken = options.queueConcertId ? { id: randomUUID(), concertId: options.queueConcertId } : null;
    const response = await fetch(`${this.baseUrl}${path}`, {
      method,
      headers: {
        ...(options.body !== undefined ? { 'content-type': 'application/json' } : {}),
        ...(caller === false ? {} : assertionHeaders(method, path, caller, queueToken?.id ?? null, undefined, queueToken?.concertId ?? null)),
        ...options.headers,
      },
      ...(options.body !== undefined ? { body: typeof options.body === 'string' ? options.body : JSON.stringify(options.body) } : {}),
    });
    const text = await response.text();
    return { status: response.status, body: text ? (JSON.parse(text) as Record<string, unknown> & Array<Record<string, unknown>>) : null, headers: response.headers };
  }

  /**
   * GET as the signed-in user the gateway's assertion names (protected routes), with a queue
   * token of `queueConcertId`'s waiting room when given.
   */
  get(path: string, caller: string = USER_ID, queueConcertId?: string) {
    return this.call('GET', path, { caller, ...(queueConcertId ? { queueConcertId } : {}) });
  }

  async createConcert(
    schedules: Array<{ startsAt: string; seatPrice: number; seatPrices?: Record<string, number> }>,
    title = 'Integration Concert',
    waitingRoom?: { maxActiveUsers?: number; activeSeconds?: number; saleOpensAt?: string },
  ) {
    const response = await this.call('POST', '/api/v1/admin/concerts', {
      body: { title, venue: 'Test Hall', schedules, ...(waitingRoom ? { waitingRoom } : {}) },
      headers: { 'x-admin-key': ADMIN_KEY },
    });
    if (response.status !== 201) throw new Error(`admin create answered ${response.status}: ${JSON.stringify(response.body)}`);
    return response.body as unknown as {
      concertId: string;
      schedules: Array<{ scheduleId: string; startsAt: string; date: string }>;
      waitingRoom: { maxActiveUsers: number | null; activeSeconds: number | null; saleOpensAt: string | null };
    };
  }

  async seatMap(concertId: string, scheduleId: string) {
    const response = await this.get(`/api/v1/concerts/${concertId}/schedules/${scheduleId}/seats`);
    return response.body as unknown as { scheduleId: string; seats: Array<{ seatNo: number; price: number; status: string }> };
  }

  async schedules(concertId: string) {
    return (await this.get(`/api/v1/concerts/${concertId}/schedules`)).body as unknown as Array<{ scheduleId: string; availableSeats: number }>;
  }

  /** Publishes one event straight to Kafka (as reservation-service's relay would); returns its event id. */
  async publish<T extends Topic>(topic: T, payload: EventPayload<T>, options: { eventId?: string; key?: string } = {}): Promise<string> {
    const id = options.eventId ?? randomUUID();
    const key = options.key ?? (payload as { reservationId?: string }).reservationId ?? randomUUID();
    await this.kafka.bus.publish([encodeEvent({ id, topic, key, payload, headers: {}, occurredAt: new Date().toISOString() })]);
    return id;
  }

  async sql<T = Record<string, unknown>>(text: string, params: unknown[] = []): Promise<T[]> {
    const { Client } = await import('pg');
    const client = new Client({ connectionString: this.db.url });
    await client.connect();
    try {
      return (await client.query(text, params)).rows as T[];
    } finally {
      await client.end();
    }
  }
}

/** Payloads of reservation events for one schedule. */
export function reservationEvents(concertId: string, scheduleId: string) {
  const ref = (reservationId: string, seatNo: number, version: number) => ({
    reservationId,
    userId: USER_ID,
    concertId,
    scheduleId,
    seatNo,
    version,
  });
  const at = () => new Date().toISOString();
  return {
    held: (reservationId: string, seatNo: number, version = 1): EventPayload<typeof Topics.SeatHeld> => ({
      ...ref(reservationId, seatNo, version),
      price: 80_000,
      expiresAt: new Date(Date.now() + 300_000).toISOString(),
    }),
    expired: (reservationId: string, seatNo: number, version = 2): EventPayload<typeof Topics.HoldExpired> => ({ ...ref(reservationId, seatNo, version), expiredAt: at() }),
    cancelled: (reservationId: string, seatNo: number, version = 2): EventPayload<typeof Topics.HoldCancelled> => ({ ...ref(reservationId, seatNo, version), cancelledAt: at() }),
    confirmed: (reservationId: string, seatNo: number, version = 2): EventPayload<typeof Topics.ReservationConfirmed> => ({
      ...ref(reservationId, seatNo, version),
      paymentId: randomUUID(),
      confirmedAt: at(),
    }),
  };
}
