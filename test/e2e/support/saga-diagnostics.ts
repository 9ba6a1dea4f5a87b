import { readFileSync } from 'node:fs';
import { createTestKafka } from '@concert/testing';
import { Client } from 'pg';
import type { RunningSystem } from '../../../scripts/system/system';

export interface SagaDiagnosticsSource {
  system?: RunningSystem;
  databaseUrl: string;
  kafkaBrokers: string[];
  kafkaTopicPrefix: string;
  /** The system's log file, or its lines. */
  log: string | readonly string[];
}

const SCHEMAS = ['concert', 'reservation', 'payment'] as const;
const NOTABLE = /"level":(40|50|60)|exited on its own|parking|stopped after|LISTEN connection lost|failed on its infrastructure/;

/**
 * Where the sagas stand when a test waiting for them gives up: the processes that are gone, each
 * schema's unsent outbox rows and parked events, each consumer group's lag, and the last notable
 * log lines. Each part that cannot be read says why instead, so the report itself never fails.
 */
export async function sagaDiagnostics(source: SagaDiagnosticsSource): Promise<string> {
  const parts: string[] = [];
  const gone = (source.system?.processes ?? []).filter((managed) => managed.child.exitCode !== null || managed.child.signalCode !== null);
  parts.push(`processes gone: ${gone.length === 0 ? 'none' : gone.map((managed) => `${managed.name} (${managed.child.signalCode ?? managed.child.exitCode})`).join(', ')}`);
  parts.push(await attempt('database', () => databaseState(source.databaseUrl)));
  parts.push(await attempt('consumer lag', () => consumerLag(source.kafkaBrokers, source.kafkaTopicPrefix)));
  parts.push(await attempt('log', async () => notableLines(source.log).join('\n')));
  return parts.join('\n');
}

async function attempt(name: string, read: () => Promise<string>): Promise<string> {
  try {
    return await read();
  } catch (error) {
    return `${name}: unreadable (${error instanceof Error ? error.message : String(error)})`;
  }
}

async function databaseState(databaseUrl: string): Promise<string> {
  const client = new Client({ connectionString: databaseUrl, connectionTimeoutMillis: 5_000 });
  await client.connect();
  try {
    const lines: string[] = [];
    for (const schema of SCHEMAS) {
      const unsent = await client.query<{ n: number }>(`SELECT count(*)::int AS n FROM "${schema}".outbox WHERE sent_at IS NULL`);
      const parked = await client.query<{ consumer_group: string; topic: string; error: string }>(
        `SELECT consumer_group, topic, error FROM "${schema}".dead_letters ORDER BY 1 LIMIT 5`,
      );
      lines.push(`${schema}: ${unsent.rows[0]?.n ?? 0} outbox rows unsent, ${parked.rowCount ?? 0} parked${parked.rows.map((row) => `\n  parked ${row.consumer_group} ${row.topic}: ${row.error.slice(0, 300)}`).join('')}`);
    }
    return lines.join('\n');
  } finally {
    await client.end();
  }
}

async function consumerLag(brokers: string[], prefix: string): Promise<string> {
  const kafka = createTestKafka(prefix, brokers);
  try {
    const lag = await kafka.bus.consumerGroupLag();
    return `consumer lag: ${[...lag].map(([group, behind]) => `${group} ${behind}`).join(', ') || 'no groups'}`;
  } finally {
    await kafka.bus.disconnect();
  }
}

/** The last warnings, errors, exits and parked events of a system log. */
export function notableLines(log: string | readonly string[], limit = 40): string[] {
  const lines = typeof log === 'string' ? readFileSync(log, 'utf8').split('\n') : log;
  return lines.filter((line) => NOTABLE.test(line)).slice(-limit).map((line) => line.slice(0, 400));
}

/** Runs `wait`; if it throws, throws again with the saga diagnostics appended to its message. */
export async function explainingStall<T>(wait: () => Promise<T>, source: () => SagaDiagnosticsSource): Promise<T> {
  try {
    return await wait();
  } catch (error) {
    const diagnostics = await sagaDiagnostics(source());
    const message = error instanceof Error ? error.message : String(error);
    throw new Error(`${message}\n--- where the sagas stand ---\n${diagnostics}`);
  }
}
