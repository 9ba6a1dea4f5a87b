import { randomUUID } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { Topics } from '@concert/contracts';
import { createHttpApp, encodeEvent, loadConfig, startSagaConsumers } from '@concert/platform';
import {
  createTestDatabase,
  createTestKafka,
  migrateService,
  type TestDatabase,
  type TestKafka,
  testInfra,
  uniqueTopicPrefix,
  waitFor,
} from '@concert/testing';
import { DataSource } from 'typeorm';
import { AppModule } from '../app.module';
import { historySinkConfigSchema } from '../history-sink.config';
import { historySinkDatabase } from './infrastructure/history-sink-database';

/** A data platform that refuses the first `failFirst` deliveries, then accepts and remembers. */
function startDataPlatform(failFirst: number): Promise<{ server: Server; url: string; received: string[]; calls: () => number }> {
  const received: string[] = [];
  let calls = 0;
  const server = createServer((request, response) => {
    let body = '';
    request.on('data', (chunk: Buffer) => (body += chunk.toString()));
    request.on('end', () => {
      calls += 1;
      if (calls <= failFirst) {
        response.writeHead(500).end();
        return;
      }
      const parsed = JSON.parse(body) as { events: Array<{ eventId: string }> };
      received.push(...parsed.events.map((event) => event.eventId));
      response.writeHead(202).end();
    });
  });
  return new Promise((resolve) =>
    server.listen(0, '127.0.0.1', () =>
      resolve({ server, url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/intake`, received, calls: () => calls }),
    ),
  );
}

function seatHeldEvent() {
  const reservationId = randomUUID();
  return {
    id: randomUUID(),
    topic: Topics.SeatHeld,
    key: reservationId,
    occurredAt: new Date().toISOString(),
    headers: {},
    payload: {
      reservationId,
      userId: randomUUID(),
      concertId: randomUUID(),
      scheduleId: randomUUID(),
      seatNo: 7,
      version: 1,
      price: 80_000,
      expiresAt: new Date(Date.now() + 300_000).toISOString(),
    },
  };
}

describe('history-sink (real Postgres and Kafka)', () => {
  let database: TestDatabase;
  let kafka: TestKafka;
  let platform: Awaited<ReturnType<typeof startDataPlatform>>;
  let app: NestFastifyApplication;
  let dataSource: DataSource;

  beforeAll(async () => {
    database = await createTestDatabase('history');
    await migrateService(database.url, historySinkDatabase);
    kafka = createTestKafka(uniqueTopicPrefix());
    await kafka.ensureTopics();
    platform = await startDataPlatform(2);
    const config = loadConfig(historySinkConfigSchema, {
      DATABASE_URL: database.url,
      KAFKA_BROKERS: testInfra.kafkaBrokers.join(','),
      KAFKA_TOPIC_PREFIX: kafka.prefix,
      DATA_PLATFORM_URL: platform.url,
      DATA_PLATFORM_RETRY_MAX_DELAY_MS: '400',
      LOG_LEVEL: 'warn',
      NODE_ENV: 'test',
    });
    app = await createHttpApp(AppModule.forRoot(config), { service: 'history-sink', port: 0, host: '127.0.0.1' });
    await app.listen(0, '127.0.0.1');
    await startSagaConsumers(app);
    dataSource = new DataSource({ type: 'postgres', url: database.url });
    await dataSource.initialize();
  });

  afterAll(async () => {
    await app?.close();
    await dataSource?.destroy();
    platform?.server.close();
    await kafka?.cleanup();
    await database?.drop();
  });

  it('records each event once, even when delivered twice, and forwards it despite platform failures', async () => {
    const events = Array.from({ length: 5 }, seatHeldEvent);
    await kafka.bus.publish(events.map(encodeEvent));
    await kafka.bus.publish(events.map(encodeEvent)); // redelivery of the same event ids

    await waitFor(
      async () => {
        const [{ count }] = await dataSource.query('SELECT count(*)::int AS count FROM history.event_history');
        return count === events.length;
      },
      { timeoutMs: 20_000, description: 'every event recorded' },
    );
    await waitFor(
      async () => {
        const [{ count }] = await dataSource.query('SELECT count(*)::int AS count FROM history.event_history WHERE forwarded_at IS NULL');
        return count === 0;
      },
      { timeoutMs: 20_000, description: 'every event forwarded after the platform recovers' },
    );
    expect(events.every((event) => platform.received.includes(event.id))).toBe(true);

    const rows: Array<{ event_id: string; forwarded: boolean }> = await dataSource.query(
      'SELECT event_id, forwarded_at IS NOT NULL AS forwarded FROM history.event_history ORDER BY position',
    );
    expect(rows.map((row) => row.event_id).sort()).toEqual(events.map((event) => event.id).sort());
    expect(rows.every((row) => row.forwarded)).toBe(true);
    expect(platform.calls()).toBeGreaterThan(2); // two refused deliveries, then accepted ones
  });

  it('refuses to rewrite or delete history', async () => {
    await expect(dataSource.query('DELETE FROM history.event_history')).rejects.toThrow(/append-only/);
    await expect(dataSource.query(`UPDATE history.event_history SET topic = 'x'`)).rejects.toThrow(/append-only/);
  });
});
