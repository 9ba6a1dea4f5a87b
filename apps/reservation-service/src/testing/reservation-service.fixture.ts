import 'reflect-metadata';
import { randomUUID } from 'node:crypto';
import { type EventPayload, Topics } from '@concert/contracts';
import { createHttpApp, encodeEvent, loadConfig, startSagaConsumers } from '@concert/platform';
import { assertionHeaders, createTestDatabase, createTestKafka, migrateService, type TestDatabase, type TestKafka, uniqueTopicPrefix, waitFor } from '@concert/testing';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { Client } from 'pg';
import { Agent, request } from 'undici';
import { AppModule } from '../app.module';
import { reservationServiceDatabase } from '../infrastructure/database/reservation-service-database';
import { reservationServiceConfigSchema } from '../reservation-service.config';
import type { ReservationsModuleOptions } from '../reservations/reservations.module';

export interface ServiceInstance {
  readonly baseUrl: string;
  readonly app: NestFastifyApplication;
}

export interface HttpAnswer {
  status: number;
  body: Record<string, unknown> & { code?: string };
}

/**
 * One test file's reservation-service world: a fresh database (migrated), a unique Kafka topic
 * prefix, and N instances of the service in this process on their own ports (each with its own
 * connection pool, outbox relay, sweeper and Kafka consumers — as separate replicas would).
 */
export class ReservationServiceWorld {
  readonly instances: ServiceInstance[] = [];
  private readonly agent = new Agent({ connections: 256, pipelining: 1, keepAliveTimeout: 10_000 });
  private nextInstance = 0;

  private constructor(
    readonly database: TestDatabase,
    readonly kafka: TestKafka,
    readonly sql: Client,
  ) {}

  static async start(options: { instances?: number; env?: Record<string, string>; clock?: { now(): Date } } = {}): Promise<ReservationServiceWorld> {
    const database = await createTestDatabase('reservation');
    await migrateService(database.url, reservationServiceDatabase);
    const kafka = createTestKafka(uniqueTopicPrefix());
    await kafka.ensureTopics();
    const sql = new Client({ connectionString: database.url, options: '-c search_path=reservation,public' });
    await sql.connect();
    const world = new ReservationServiceWorld(database, kafka, sql);
    await world.startInstances(options.instances ?? 2, options.env, options.clock);
    return world;
  }

  /** Starts `count` more instances (in parallel) on this world's database and topics. */
  async startInstances(count: number, env: Record<string, string> = {}, clock?: { now(): Date }, modules: Omit<ReservationsModuleOptions, 'config' | 'clock'> = {}): Promise<void> {
    const first = this.instances.length;
    const started = await Promise.all(
      Array.from({ length: count }, async (_, i) => {
        const config = loadConfig(reservationServiceConfigSchema, {
          NODE_ENV: 'test',
          LOG_LEVEL: process.env['TEST_LOG_LEVEL'] ?? 'fatal',
          DATABASE_URL: this.database.url,
          DATABASE_POOL_SIZE: '8',
          KAFKA_BROKERS: this.kafka.brokers.join(','),
          KAFKA_TOPIC_PREFIX: this.kafka.prefix,
          KAFKA_SESSION_TIMEOUT_MS: '6000',
          INSTANCE_ID: `it-${first + i}`,
          PORT: '0',
          ...env,
        });
        const app = await createHttpApp(AppModule.forRoot(config, { ...modules, ...(clock ? { clock } : {}) }), { service: 'reservation-service', port: 0, host: '127.0.0.1' });
        await app.listen(0, '127.0.0.1');
        await startSagaConsumers(app);
        return { app, baseUrl: await app.getUrl() };
      }),
    );
    this.instances.push(...started);
  }

  /** Closes every running instance (the database and topics stay). */
  async stopInstances(): Promise<void> {
    const running = this.instances.splice(0);
    await Promise.allSettled(running.map((instance) => instance.app.close()));
  }

  /**
   * Sends a request to the instances in turn (round robin, like the gateway), with the caller
   * assertion the gateway would sign for this method and path, acting for `userId` (none given:
   * for nobody, as payment-service's internal reads do) with a queue token of `queueConcertId`'s
   * waiting room when given; `unasserted` sends no assertion at all.
   */
  async call(
    method: 'GET' | 'POST' | 'DELETE',
    path: string,
    options: { userId?: string | null; queueConcertId?: string; body?: unknown; instance?: number; headers?: Record<string, string>; unasserted?: boolean } = {},
  ): Promise<HttpAnswer> {
    const instance = this.instances[options.instance ?? this.nextInstance++ % this.instances.length];
    if (!instance) throw new Error('no such instance');
    const queueTokenId = options.queueConcertId ? randomUUID() : null;
    const headers: Record<string, string> = options.unasserted
      ? {}
      : assertionHeaders(method, path, options.userId ?? null, queueTokenId, undefined, options.queueConcertId ?? null);
    if (options.body !== undefined) headers['content-type'] = 'application/json';
    Object.assign(headers, options.headers);
    const response = await request(`${instance.baseUrl}${path}`, {
      method,
      headers,
      body: options.body === undefined ? undefined : JSON.stringify(options.body),
      dispatcher: this.agent,
    });
    const text = await response.body.text();
    return { status: response.statusCode, body: text ? (JSON.parse(text) as HttpAnswer['body']) : {} };
  }

  hold(userId: string, scheduleId: string, seatNo: number, instance?: number, queueConcertId?: string): Promise<HttpAnswer> {
    return this.call('POST', '/api/v1/reservations', { userId, body: { scheduleId, seatNo }, instance, ...(queueConcertId ? { queueConcertId } : {}) });
  }

  /** Announces a schedule the way concert-service does (ScheduleCreated on Kafka) and waits until the copy has it. */
  async publishSchedule(
    seats: Array<{ seatNo: number; price: number }>,
    startsAt = '2031-05-01T19:00:00+09:00',
  ): Promise<EventPayload<typeof Topics.ScheduleCreated>> {
    const payload: EventPayload<typeof Topics.ScheduleCreated> = {
      concertId: randomUUID(),
      scheduleId: randomUUID(),
      startsAt,
      seats,
    };
    await this.publish(Topics.ScheduleCreated, payload.scheduleId, payload);
    await waitFor(
      async () => {
        const { rows } = await this.sql.query<{ count: number }>('SELECT count(*)::int AS count FROM catalog_seats WHERE schedule_id = $1', [payload.scheduleId]);
        return rows[0]?.count === seats.length;
      },
      { timeoutMs: 20_000, description: 'the catalog copy to receive the schedule' },
    );
    return payload;
  }

  async publish<T extends typeof Topics.ScheduleCreated | typeof Topics.PaymentCompleted>(
    topic: T,
    key: string,
    payload: EventPayload<T>,
    eventId: string = randomUUID(),
  ): Promise<string> {
    await this.kafka.bus.publish([encodeEvent({ id: eventId, topic, key, payload, headers: {}, occurredAt: new Date().toISOString() })]);
    return eventId;
  }

  async stop(): Promise<void> {
    await this.stopInstances();
    await this.agent.close();
    await this.sql.end().catch(() => undefined);
    await this.kafka.cleanup().catch(() => undefined);
    await this.database.drop();
  }
}

/** Real time shifted by an offset the test moves forward (shared by every instance in the process). */
export class ShiftedClock {
  private offsetMs = 0;
  now(): Date {
    return new Date(Date.now() + this.offsetMs);
  }
  advanceSeconds(seconds: number): void {
    this.offsetMs += seconds * 1000;
  }
}

export function seatsOneTo(count: number, price = 80_000): Array<{ seatNo: number; price: number }> {
  return Array.from({ length: count }, (_, index) => ({ seatNo: index + 1, price }));
}

export function users(count: number): string[] {
  return Array.from({ length: count }, () => randomUUID());
}
