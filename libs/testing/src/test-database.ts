import { randomBytes } from 'node:crypto';
import { runMigrations, type ServiceDataSourceOptions } from '@concert/platform';
import { Client } from 'pg';
import { testInfra } from './infra';

export interface TestDatabase {
  /** DATABASE_URL of the new database. */
  url: string;
  name: string;
  /** Terminates its connections and drops it. */
  drop(): Promise<void>;
}

function withDatabase(url: string, database: string): string {
  const parsed = new URL(url);
  parsed.pathname = `/${database}`;
  return parsed.toString();
}

async function onServer<T>(baseUrl: string, work: (client: Client) => Promise<T>): Promise<T> {
  // Connect to the maintenance database: the base database may itself be busy or absent.
  const client = new Client({ connectionString: withDatabase(baseUrl, 'postgres'), connectionTimeoutMillis: 5_000 });
  await client.connect();
  try {
    return await work(client);
  } finally {
    await client.end();
  }
}

/**
 * A fresh, uniquely named database on the server of DATABASE_URL (for one test file). Empty:
 * apply the service's migrations with {@link migrateService}.
 */
export async function createTestDatabase(prefix = 'test'): Promise<TestDatabase> {
  const safePrefix = prefix.toLowerCase().replace(/[^a-z0-9_]/g, '_').slice(0, 40);
  const name = `${safePrefix}_${Date.now().toString(36)}_${randomBytes(4).toString('hex')}`;
  const baseUrl = testInfra.databaseUrl;
  await onServer(baseUrl, async (client) => {
    // CREATE DATABASE copies template1 and fails when another session copies it at the same
    // moment ("source database is being accessed by other users"): retry briefly.
    for (let attempt = 1; ; attempt++) {
      try {
        await client.query(`CREATE DATABASE "${name}"`);
        return;
      } catch (error) {
        if (attempt >= 10 || !(error instanceof Error) || !/being accessed by other users/.test(error.message)) throw error;
        await new Promise((resolve) => setTimeout(resolve, 100 * attempt));
      }
    }
  });
  let dropped = false;
  return {
    url: withDatabase(baseUrl, name),
    name,
    drop: async () => {
      if (dropped) return;
      dropped = true;
      await onServer(baseUrl, async (client) => {
        await client.query('SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = $1 AND pid <> pg_backend_pid()', [name]);
        await client.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
      });
    },
  };
}

/** Applies a service's migrations to a (test) database; returns the names applied. */
export function migrateService(url: string, options: Pick<ServiceDataSourceOptions, 'schema' | 'entities' | 'migrations'>): Promise<string[]> {
  return runMigrations({ ...options, url });
}
