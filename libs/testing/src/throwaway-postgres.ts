import { type ChildProcess, execFileSync, spawn } from 'node:child_process';
import { chown, mkdtemp, readdir, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { Client } from 'pg';
import { freePort } from './throwaway-kafka';

export interface ThrowawayPostgres {
  /** DATABASE_URL of this server's maintenance database (`postgres`, user postgres, trust). */
  readonly url: string;
  readonly port: number;
  readonly dataDir: string;
  /** The URL of another database on this server. */
  urlOf(database: string): string;
  /** Creates a database (and these schemas in it) if missing, as scripts/infra/postgres.sh up does; returns its URL. */
  createDatabase(database: string, schemas?: readonly string[]): Promise<string>;
  /** Starts it (again, on the same port and data folder: after a crash it runs crash recovery first). */
  start(): Promise<void>;
  /**
   * `pg_ctl stop -m immediate`: the postmaster ends every backend at once and exits without a
   * checkpoint, so the next start recovers from the WAL. Connections see their socket close.
   */
  stop(): Promise<void>;
  /** SIGKILL to the postmaster and every backend, as a crash or the OOM killer would. */
  kill(): Promise<void>;
  /** Kills it and deletes its data folder. */
  destroy(): Promise<void>;
}

export interface ThrowawayPostgresOptions {
  /** Extra server settings (`-c name=value`), after the defaults. */
  settings?: Record<string, string>;
  /** Folder of initdb and postgres; by default the newest /usr/lib/postgresql/<version>/bin. */
  binDir?: string;
}

/** Servers of this test process, so one left running is killed when the process ends. */
const live = new Set<ChildProcess>();
process.once('exit', () => {
  for (const child of live) killGroup(child, 'SIGKILL');
});

/**
 * A PostgreSQL cluster of the test's own — initdb in a temporary folder, trust authentication,
 * a free port on 127.0.0.1 — so a test can take the database away without touching the shared
 * server everyone else uses. It runs as the current user, or as the `postgres` OS user when the
 * test runs as root (initdb and postgres refuse root). The shape follows createThrowawayRedis;
 * callers use only `url`/`urlOf` and the lifecycle methods, so a container-backed implementation
 * (testcontainers' PostgreSqlContainer) can stand in for it where a Docker engine exists.
 *
 * fsync is off by default: every fault this simulates is a process crash, after which the
 * operating system still holds every write; only a machine crash would need fsync.
 */
export async function createThrowawayPostgres(options: ThrowawayPostgresOptions = {}): Promise<ThrowawayPostgres> {
  const binDir = options.binDir ?? (await newestBinDir());
  const port = await freePort();
  const baseDir = await mkdtemp(path.join(tmpdir(), 'postgres-throwaway-'));
  const dataDir = path.join(baseDir, 'data');
  const owner = process.getuid?.() === 0 ? postgresUser() : undefined;
  if (owner) await chown(baseDir, owner.uid, owner.gid);
  const urlOf = (database: string) => `postgres://postgres@127.0.0.1:${port}/${encodeURIComponent(database)}`;
  const url = urlOf('postgres');
  let child: ChildProcess | undefined;
  let output = '';

  try {
    await runAs(owner, path.join(binDir, 'initdb'), ['-D', dataDir, '-U', 'postgres', '--auth=trust', '-E', 'UTF8', '--locale=C', '--no-sync']);
  } catch (error) {
    await rm(baseDir, { recursive: true, force: true });
    throw error;
  }

  const answers = async (): Promise<boolean> => {
    const client = new Client({ connectionString: url, connectionTimeoutMillis: 1_000 });
    client.on('error', () => undefined);
    try {
      await client.connect();
      await client.query('SELECT 1');
      return true;
    } catch {
      return false;
    } finally {
      await client.end().catch(() => undefined);
    }
  };

  /** Sends `signal` (to the whole process group with `group`) and waits until every process of it is gone. */
  const halt = async (signal: NodeJS.Signals, group: boolean): Promise<void> => {
    const running = child;
    if (!running || running.exitCode !== null || running.signalCode !== null) return;
    const exited = new Promise((resolve) => running.once('exit', resolve));
    if (group) killGroup(running, signal);
    else running.kill(signal);
    await exited;
    // Backends that outlive the postmaster keep its shared memory attached, and a new postmaster
    // refuses to start beside them: wait until the group is empty.
    const escalateAt = Date.now() + 5_000;
    const giveUpAt = Date.now() + 15_000;
    while (groupAlive(running) && Date.now() < giveUpAt) {
      if (Date.now() > escalateAt) killGroup(running, 'SIGKILL');
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
  };

  const settings: Record<string, string> = {
    listen_addresses: '127.0.0.1',
    unix_socket_directories: baseDir,
    fsync: 'off',
    full_page_writes: 'off',
    max_connections: '300',
    shared_buffers: '64MB',
    logging_collector: 'off',
    ...options.settings,
  };

  return {
    url,
    port,
    dataDir,
    urlOf,
    async createDatabase(database, schemas = []) {
      const admin = new Client({ connectionString: url, connectionTimeoutMillis: 5_000 });
      await admin.connect();
      try {
        const exists = await admin.query('SELECT 1 FROM pg_database WHERE datname = $1', [database]);
        if (exists.rowCount === 0) await admin.query(`CREATE DATABASE "${database.replace(/"/g, '""')}"`);
      } finally {
        await admin.end();
      }
      const target = new Client({ connectionString: urlOf(database), connectionTimeoutMillis: 5_000 });
      await target.connect();
      try {
        for (const schema of schemas) await target.query(`CREATE SCHEMA IF NOT EXISTS "${schema.replace(/"/g, '""')}"`);
      } finally {
        await target.end();
      }
      return urlOf(database);
    },
    async start() {
      if (child && child.exitCode === null && child.signalCode === null) return;
      output = '';
      const args = ['-D', dataDir, '-p', String(port), ...Object.entries(settings).flatMap(([name, value]) => ['-c', `${name}=${value}`])];
      // Its own process group, so kill() reaches the backends too; uid/gid drop root as runuser would.
      const started = spawn(path.join(binDir, 'postgres'), args, {
        detached: true,
        stdio: ['ignore', 'pipe', 'pipe'],
        ...(owner ? { uid: owner.uid, gid: owner.gid } : {}),
      });
      child = started;
      live.add(started);
      started.once('exit', () => live.delete(started));
      const collect = (chunk: Buffer) => {
        output = (output + chunk.toString()).slice(-8_000);
      };
      started.stdout?.on('data', collect);
      started.stderr?.on('data', collect);
      const deadline = Date.now() + 60_000;
      while (!(await answers())) {
        if (started.exitCode !== null || started.signalCode !== null) {
          throw new Error(`postgres exited (${started.exitCode ?? started.signalCode}) before answering on port ${port}:\n${output}`);
        }
        if (Date.now() > deadline) throw new Error(`postgres did not answer on port ${port} within 60 s:\n${output}`);
        await new Promise((resolve) => setTimeout(resolve, 100));
      }
    },
    stop: () => halt('SIGQUIT', false),
    kill: () => halt('SIGKILL', true),
    async destroy() {
      await halt('SIGKILL', true);
      await rm(baseDir, { recursive: true, force: true });
    },
  };
}

/** The bin folder of the newest PostgreSQL under /usr/lib/postgresql that has initdb and postgres. */
async function newestBinDir(): Promise<string> {
  const root = '/usr/lib/postgresql';
  const versions = (await readdir(root).catch(() => [] as string[])).filter((name) => /^\d+(\.\d+)?$/.test(name)).sort((a, b) => Number(b) - Number(a));
  for (const version of versions) {
    const bin = path.join(root, version, 'bin');
    const found = await Promise.all(['initdb', 'postgres'].map((name) => stat(path.join(bin, name)).then(() => true, () => false)));
    if (found.every(Boolean)) return bin;
  }
  throw new Error(`no PostgreSQL server binaries (initdb, postgres) under ${root}/<version>/bin: install the postgresql package or pass binDir`);
}

function postgresUser(): { uid: number; gid: number } {
  try {
    const uid = Number(execFileSync('id', ['-u', 'postgres'], { encoding: 'utf8' }).trim());
    const gid = Number(execFileSync('id', ['-g', 'postgres'], { encoding: 'utf8' }).trim());
    if (Number.isInteger(uid) && Number.isInteger(gid) && uid > 0) return { uid, gid };
  } catch {
    // reported below
  }
  throw new Error('running as root, and there is no `postgres` OS user to run initdb and postgres as (they refuse root)');
}

/** Runs a command to its end (as `owner` when given), failing with its output. */
function runAs(owner: { uid: number; gid: number } | undefined, command: string, args: string[]): Promise<void> {
  return new Promise((resolve, reject) => {
    const started = spawn(command, args, { stdio: ['ignore', 'pipe', 'pipe'], ...(owner ? { uid: owner.uid, gid: owner.gid } : {}) });
    let output = '';
    started.stdout?.on('data', (chunk: Buffer) => (output += chunk.toString()));
    started.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString()));
    started.once('error', reject);
    started.once('exit', (code) => (code === 0 ? resolve() : reject(new Error(`${path.basename(command)} exited with ${code}:\n${output.slice(-4_000)}`))));
  });
}

function killGroup(child: ChildProcess, signal: NodeJS.Signals): void {
  if (child.pid === undefined) return;
  try {
    process.kill(-child.pid, signal);
  } catch {
    // already gone
  }
}

function groupAlive(child: ChildProcess): boolean {
  if (child.pid === undefined) return false;
  try {
    process.kill(-child.pid, 0);
    return true;
  } catch {
    return false;
  }
}

