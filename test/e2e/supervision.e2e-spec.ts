import { type ChildProcess, execFileSync, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { createServer, type Server } from 'node:net';
import path from 'node:path';
import { createTestDatabase, deleteRedisPrefix, type TestDatabase, testInfra, uniqueTopicPrefix } from '@concert/testing';

const ROOT = path.resolve(__dirname, '..', '..');
const START = path.join(ROOT, 'dist', 'scripts', 'system', 'start.js');

/** `npm start` itself (the compiled supervisor), on its own ports, database, Redis prefix and topics. */
function startSupervisor(gatewayPort: number, database: TestDatabase, redisKeyPrefix: string): { child: ChildProcess; output: () => string; exited: Promise<number | null> } {
  const child = spawn(process.execPath, [START], {
    cwd: ROOT,
    env: {
      ...process.env,
      NODE_ENV: 'test',
      LOG_LEVEL: 'warn',
      GATEWAY_PORT: String(gatewayPort),
      DATABASE_URL: database.url,
      REDIS_URL: testInfra.redisUrl,
      REDIS_KEY_PREFIX: redisKeyPrefix,
      KAFKA_BROKERS: testInfra.kafkaBrokers.join(','),
      KAFKA_TOPIC_PREFIX: uniqueTopicPrefix(),
      KAFKA_SESSION_TIMEOUT_MS: '6000',
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let text = '';
  child.stdout?.on('data', (chunk: Buffer) => (text += chunk.toString('utf8')));
  child.stderr?.on('data', (chunk: Buffer) => (text += chunk.toString('utf8')));
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  return { child, output: () => text, exited };
}

/** Pids of the processes whose parent is `pid`. */
function childrenOf(pid: number): number[] {
  try {
    return execFileSync('pgrep', ['-P', String(pid)], { encoding: 'utf8' })
      .split('\n')
      .filter(Boolean)
      .map(Number);
  } catch {
    return [];
  }
}

/** Whether the process still runs (an exited one waiting to be reaped, a zombie, does not). */
function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
  } catch {
    return false;
  }
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    return stat.slice(stat.lastIndexOf(')') + 2, stat.lastIndexOf(')') + 3) !== 'Z';
  } catch {
    return false;
  }
}

function closed(server: Server): Promise<void> {
  return new Promise((resolve) => server.close(() => resolve()));
}

function listen(port: number): Promise<Server> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(port, '127.0.0.1', () => resolve(server));
  });
}

/** A gateway port below the ephemeral range whose block is unlikely to be taken (checked by the supervisor itself). */
function portBlock(): number {
  return 20_000 + 200 * Math.floor(Math.random() * 50);
}

async function until(condition: () => boolean, timeoutMs: number): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (condition()) return true;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  return condition();
}

describe('npm start as a supervisor', () => {
  let database: TestDatabase;
  const redisKeyPrefix = `e2e:supervision:${randomBytes(3).toString('hex')}:`;

  beforeAll(async () => {
    database = await createTestDatabase('e2e_supervision');
  });

  afterAll(async () => {
    await database?.drop();
    await deleteRedisPrefix(redisKeyPrefix);
  });

  it('stops at once on a port that is taken, naming it and its holder, and never says it is up', async () => {
    const gatewayPort = portBlock();
    const squatter = await listen(gatewayPort + 3);
    try {
      const supervisor = startSupervisor(gatewayPort, database, redisKeyPrefix);
      let timer: NodeJS.Timeout | undefined;
      const code = await Promise.race([supervisor.exited, new Promise<'timeout'>((resolve) => (timer = setTimeout(() => resolve('timeout'), 20_000)))]);
      clearTimeout(timer);
      if (code === 'timeout') supervisor.child.kill('SIGTERM');
      expect(code).toBe(1);
      expect(supervisor.output()).toContain(`port ${gatewayPort + 3} (reservation-service) is already in use by pid ${process.pid}`);
      expect(supervisor.output()).not.toContain('concert-reservation is up');
      // Nothing of its own was left behind on the other ports.
      for (const offset of [0, 1, 2, 4]) await closed(await listen(gatewayPort + offset));
    } finally {
      await closed(squatter);
    }
  }, 30_000);

  it('takes every process it started down with it when it is SIGKILLed', async () => {
    const gatewayPort = portBlock();
    const supervisor = startSupervisor(gatewayPort, database, redisKeyPrefix);
    const up = await until(() => supervisor.output().includes('concert-reservation is up'), 90_000);
    if (!up) throw new Error(`npm start did not come up:\n${supervisor.output().slice(-3_000)}`);
    const pid = supervisor.child.pid as number;
    const started = childrenOf(pid);
    // Every service (api and worker), the history sink and the gateway.
    expect(started.length).toBe(10);
    expect((await fetch(`http://127.0.0.1:${gatewayPort}/health`)).status).toBe(200);

    process.kill(pid, 'SIGKILL');
    await supervisor.exited;
    const killedAt = Date.now();
    const allGone = await until(() => started.every((child) => !alive(child)), 5_000);
    expect({ allGone, within5s: Date.now() - killedAt <= 5_000, left: started.filter(alive) }).toEqual({ allGone: true, within5s: true, left: [] });
    // The ports are free again: a later npm start gets them.
    for (const offset of [0, 1, 2, 3, 4]) await closed(await listen(gatewayPort + offset));
  }, 120_000);

  it('takes the processes it has started so far down with it when it is SIGKILLed before the system is up', async () => {
    const gatewayPort = portBlock();
    const supervisor = startSupervisor(gatewayPort, database, redisKeyPrefix);
    const pid = supervisor.child.pid as number;
    // Killed while its services are still starting: some spawned, none listening yet, nothing "up".
    const spawned = await until(() => childrenOf(pid).length >= 3, 90_000);
    if (!spawned) throw new Error(`npm start spawned no services:\n${supervisor.output().slice(-3_000)}`);
    const started = childrenOf(pid);
    expect(supervisor.output()).not.toContain('concert-reservation is up');

    process.kill(pid, 'SIGKILL');
    await supervisor.exited;
    // A process still loading its code (seconds, with ten of them on two cores) notices as soon as
    // it runs its first line, and exits before it listens.
    const allGone = await until(() => started.every((child) => !alive(child)), 45_000);
    expect({ allGone, left: started.filter(alive) }).toEqual({ allGone: true, left: [] });
    for (const offset of [0, 1, 2, 3, 4]) await closed(await listen(gatewayPort + offset));
  }, 120_000);
});
