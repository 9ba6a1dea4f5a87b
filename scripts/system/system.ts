/**
 * Starts the whole system as plain processes: migrations, optional demo seed, every backend
 * service × replicas (api processes, behind the gateway) plus its worker processes (the outbox
 * relay, the event consumers and the schedulers; docs/adr/0011), then the gateway in front. Used
 * by `npm start`, the end-to-end tests and the benchmarks, so all three run the same thing.
 */
import { type ChildProcess, execFileSync, spawn } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { createServer } from 'node:net';
import path from 'node:path';
import { type ProcessRole, SYSTEM_ID_HEADER } from '@concert/platform';

export const ROOT = path.resolve(__dirname, '..', '..').replace(/[\\/]dist$/, '');

export type RoutedService = 'queue-service' | 'concert-service' | 'reservation-service' | 'payment-service';
export type ServiceName = RoutedService | 'history-sink';

/** The services behind the gateway; each runs `replicas` instances. */
export const BACKEND_SERVICES: readonly RoutedService[] = ['queue-service', 'concert-service', 'reservation-service', 'payment-service'];
const SERVICES_WITH_DATABASE: readonly ServiceName[] = ['concert-service', 'reservation-service', 'payment-service', 'history-sink'];

const PORT_OFFSET: Record<ServiceName, number> = {
  'queue-service': 1,
  'concert-service': 2,
  'reservation-service': 3,
  'payment-service': 4,
  'history-sink': 5,
};

const URL_VARIABLE: Record<RoutedService, string> = {
  'queue-service': 'QUEUE_SERVICE_URLS',
  'concert-service': 'CONCERT_SERVICE_URLS',
  'reservation-service': 'RESERVATION_SERVICE_URLS',
  'payment-service': 'PAYMENT_SERVICE_URLS',
};

export interface SystemOptions {
  /** Gateway port; service i of replica r listens on gatewayPort + offset + 100·r, its worker w on gatewayPort + 50 + offset + 100·w. */
  gatewayPort: number;
  /** Instances of each backend service behind the gateway. */
  replicas: number;
  /**
   * Worker processes of each backend service (PROCESS_ROLE=worker; 1 by default), which run its
   * background work so the replicas (PROCESS_ROLE=api) only serve requests. 0: no workers, every
   * replica does both (PROCESS_ROLE=all).
   */
  workers?: number;
  /** Environment given to every process (the configuration table of API.md and the infra URLs). */
  env: NodeJS.ProcessEnv;
  /** Run compiled JavaScript from dist/ (default) or TypeScript sources through @swc-node/register. */
  runtime?: 'dist' | 'ts';
  seed?: boolean;
  /** Where process output goes; defaults to this process's stdout with a prefix per process. */
  output?: (name: string, line: string) => void;
  /** Extra environment per backend service (e.g. a strategy switch in a benchmark). */
  serviceEnv?: Partial<Record<ServiceName, NodeJS.ProcessEnv>>;
  /** Extra Node.js flags per process kind (e.g. --cpu-prof when profiling). */
  nodeArgs?: Partial<Record<ServiceName | 'gateway', string[]>>;
  /**
   * Once the system is up, start again any process that exits on its own (npm start), after
   * 1 s, doubling up to 30 s while it keeps dying within a minute of its start. An exit is
   * reported either way. Processes stopped through `stop()` or `kill()` are left alone.
   */
  restart?: boolean;
}

export interface ManagedProcess {
  name: string;
  service: ServiceName | 'gateway';
  port: number;
  child: ChildProcess;
  exited: Promise<number | null>;
}

export interface RunningSystem {
  gatewayUrl: string;
  processes: ManagedProcess[];
  /** The instances that serve requests (behind the gateway). */
  serviceUrls: Record<ServiceName, string[]>;
  /** Every instance of a service, workers included: where its metrics are. */
  instanceUrls(service: ServiceName): string[];
  stop(): Promise<void>;
  /** SIGKILL one process (fault tests) and return a function that starts it again. */
  kill(name: string): Promise<() => Promise<void>>;
}

const COLORS = [36, 33, 35, 32, 34, 91, 92, 93, 94, 95, 96];

function entry(runtime: 'dist' | 'ts', relative: string): string[] {
  if (runtime === 'ts') return ['-r', '@swc-node/register', path.join(ROOT, relative)];
  const compiled = path.join(ROOT, 'dist', relative.replace(/\.ts$/, '.js'));
  if (!existsSync(compiled)) throw new Error(`${compiled} is missing: run "npm run build" first`);
  return ['--enable-source-maps', compiled];
}

function defaultOutput(): (name: string, line: string) => void {
  const colorOf = new Map<string, number>();
  return (name, line) => {
    if (!colorOf.has(name)) colorOf.set(name, COLORS[colorOf.size % COLORS.length] ?? 37);
    process.stdout.write(`\x1b[${colorOf.get(name)}m${name.padEnd(26)}\x1b[0m| ${line}\n`);
  };
}

function pipeLines(child: ChildProcess, name: string, output: (name: string, line: string) => void): void {
  for (const stream of [child.stdout, child.stderr]) {
    let buffered = '';
    stream?.setEncoding('utf8');
    stream?.on('data', (chunk: string) => {
      buffered += chunk;
      const lines = buffered.split('\n');
      buffered = lines.pop() ?? '';
      for (const line of lines) output(name, line);
    });
    stream?.on('end', () => {
      if (buffered) output(name, buffered);
    });
  }
}

/** Runs a one-shot entry point (migration, seed) and resolves when it exits 0. */
export async function runOnce(
  name: string,
  relative: string,
  env: NodeJS.ProcessEnv,
  runtime: 'dist' | 'ts',
  output: (name: string, line: string) => void,
): Promise<void> {
  const child = spawn(process.execPath, entry(runtime, relative), { cwd: ROOT, env, stdio: ['ignore', 'pipe', 'pipe'] });
  pipeLines(child, name, output);
  const code = await new Promise<number | null>((resolve) => child.once('exit', resolve));
  if (code !== 0) throw new Error(`${name} exited with code ${String(code)}`);
}

/** Waits until the process answers /health with 200 as this system (its x-system-id is `systemId`). */
async function waitForHealth(url: string, process: ManagedProcess, timeoutMs: number, systemId: string): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  let exitCode: number | null | undefined;
  void process.exited.then((code) => {
    exitCode = code;
  });
  /** What answered as another system, if anything did: a stranger on the port, not our process. */
  let stranger: string | undefined;
  while (Date.now() < deadline) {
    if (exitCode !== undefined) throw new Error(`${process.name} exited (code ${String(exitCode)}) before it was healthy`);
    try {
      const response = await fetch(`${url}/health`, { signal: AbortSignal.timeout(2_000) });
      await response.body?.cancel();
      const answeredAs = response.headers.get(SYSTEM_ID_HEADER);
      if (answeredAs === systemId) {
        if (response.status === 200) return;
      } else {
        stranger = answeredAs === null ? `no ${SYSTEM_ID_HEADER}` : `${SYSTEM_ID_HEADER}: ${answeredAs.slice(0, 64)}`;
      }
    } catch {
      // not listening yet
    }
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  const why = stranger === undefined ? '' : `; what answers there is another system (${stranger})`;
  throw new Error(`${process.name} did not become healthy at ${url}/health within ${timeoutMs} ms${why}`);
}

/** Throws, naming the port and its holder where it can tell, when any of them is already taken. */
export async function assertPortsFree(ports: ReadonlyArray<{ name: string; port: number }>): Promise<void> {
  const taken: string[] = [];
  for (const { name, port } of ports) {
    if (await portIsFree(port)) continue;
    const holder = holderOf(port);
    taken.push(`port ${port} (${name}) is already in use${holder ? ` by ${holder}` : ''}`);
  }
  if (taken.length > 0) throw new Error(`${taken.join('; ')}. Stop that process (or choose another GATEWAY_PORT) and start again.`);
}

function portIsFree(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const server = createServer();
    server.once('error', () => resolve(false));
    server.listen(port, '127.0.0.1', () => server.close(() => resolve(true)));
  });
}

/** "pid 123 (node dist/apps/…)" from `ss`, when it can see the listener's process. */
function holderOf(port: number): string | undefined {
  try {
    const listing = execFileSync('ss', ['-ltnpH', `sport = :${port}`], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'], timeout: 2_000 });
    const pid = /pid=(\d+)/.exec(listing)?.[1];
    if (!pid) return undefined;
    let command = '';
    try {
      command = readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0').filter(Boolean).join(' ').slice(0, 160);
    } catch {
      // gone meanwhile, or not ours to read
    }
    return `pid ${pid}${command ? ` (${command})` : ''}`;
  } catch {
    return undefined;
  }
}

function stopProcess(managed: ManagedProcess, graceMs = 10_000): Promise<void> {
  const { child } = managed;
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  child.kill('SIGTERM');
  const timer = setTimeout(() => child.kill('SIGKILL'), graceMs);
  return managed.exited.then(() => clearTimeout(timer));
}

export async function startSystem(options: SystemOptions): Promise<RunningSystem> {
  const runtime = options.runtime ?? 'dist';
  const output = options.output ?? defaultOutput();
  // A fresh identity per start, whatever the environment says: every process answers with it and
  // the gateway relays nothing else, so an orphan of an earlier start can never pass for this one.
  const systemId = randomUUID();
  const env: NodeJS.ProcessEnv = { ...options.env, SYSTEM_ID: systemId };
  const processes: ManagedProcess[] = [];
  const serviceUrls = {} as Record<ServiceName, string[]>;
  const workerUrls = {} as Record<ServiceName, string[]>;
  const workers = options.workers ?? 1;
  /** Set once everything is up; unset by stop(). Exits are only supervised in between. */
  let supervising = false;
  /** Processes stopped on purpose (kill() for fault tests): their exit is not a failure. */
  const intended = new Set<ChildProcess>();
  const restartDelayMs = new Map<string, number>();


  const launch = (service: ServiceName | 'gateway', name: string, port: number, processEnv: NodeJS.ProcessEnv): ManagedProcess => {
    const child = spawn(process.execPath, [...(options.nodeArgs?.[service] ?? []), ...entry(runtime, `apps/${service}/src/main.ts`)], {
      cwd: ROOT,
      env: processEnv,
      // The IPC channel is the lifeline: when this supervisor dies, SIGKILL included, it closes
      // and the process stops (exitWithSupervisor), instead of holding its port unsupervised.
      stdio: ['ignore', 'pipe', 'pipe', 'ipc'],
    });
    pipeLines(child, name, output);
    const startedAt = Date.now();
    const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
    const managed = { name, service, port, child, exited };
    processes.push(managed);
    child.once('exit', (code, signal) => {
      if (!supervising || intended.has(child)) return;
      output(name, `exited on its own (${signal ? `signal ${signal}` : `code ${String(code)}`})${options.restart ? '' : '; not restarted'}`);
      if (options.restart) superviseRestart(name, Date.now() - startedAt);
    });
    return managed;
  };

  /** Starts a process that died again, backing off while it keeps dying soon after its start. */
  const superviseRestart = (name: string, livedMs: number): void => {
    const delay = livedMs < 60_000 ? Math.min(30_000, (restartDelayMs.get(name) ?? 500) * 2) : 1_000;
    restartDelayMs.set(name, delay);
    output(name, `restarting in ${delay} ms`);
    setTimeout(() => {
      if (!supervising) return;
      const restarted = name === 'gateway' ? startGateway() : startInstance(name);
      restarted.then(
        () => output(name, 'restarted and healthy'),
        (error: unknown) => output(name, `restart failed: ${error instanceof Error ? error.message : String(error)}`),
      );
    }, delay).unref();
  };

  // Every URL is known before anything starts: payment-service verifies reservations
  // synchronously with (every replica of) reservation-service.
  const instances: Array<{ service: ServiceName; name: string; port: number; role: ProcessRole }> = [];
  // The data-platform sink is not behind the gateway and runs once, doing both: it only consumes.
  for (const service of [...BACKEND_SERVICES, 'history-sink' as const]) {
    serviceUrls[service] = [];
    workerUrls[service] = [];
    const replicas = service === 'history-sink' ? 1 : options.replicas;
    const serviceWorkers = service === 'history-sink' ? 0 : workers;
    for (let replica = 0; replica < replicas; replica += 1) {
      const port = options.gatewayPort + PORT_OFFSET[service] + 100 * replica;
      instances.push({ service, port, name: replicas > 1 ? `${service}#${replica + 1}` : service, role: serviceWorkers > 0 ? 'api' : 'all' });
      serviceUrls[service].push(`http://127.0.0.1:${port}`);
    }
    for (let worker = 0; worker < serviceWorkers; worker += 1) {
      const port = options.gatewayPort + 50 + PORT_OFFSET[service] + 100 * worker;
      instances.push({ service, port, name: serviceWorkers > 1 ? `${service}-worker#${worker + 1}` : `${service}-worker`, role: 'worker' });
      workerUrls[service].push(`http://127.0.0.1:${port}`);
    }
  }
  // Every port must be ours before anything starts: a port held by another process (an orphan of
  // an earlier run, say) would otherwise leave half of this system answered by a stranger.
  await assertPortsFree([{ name: 'gateway', port: options.gatewayPort }, ...instances]);

  for (const service of SERVICES_WITH_DATABASE) {
    await runOnce(`${service}:migrate`, `apps/${service}/src/migrate.ts`, env, runtime, output);
  }
  if (options.seed) await runOnce('concert-service:seed', 'apps/concert-service/src/seed.ts', env, runtime, output);

  const upstreamEnv: NodeJS.ProcessEnv = {};
  for (const service of BACKEND_SERVICES) upstreamEnv[URL_VARIABLE[service]] = serviceUrls[service].join(',');

  const startInstance = async (name: string): Promise<void> => {
    const instance = instances.find((candidate) => candidate.name === name);
    if (!instance) throw new Error(`unknown process ${name}`);
    const managed = launch(instance.service, name, instance.port, {
      ...env,
      ...upstreamEnv,
      ...options.serviceEnv?.[instance.service],
      PORT: String(instance.port),
      INSTANCE_ID: name,
      PROCESS_ROLE: instance.role,
    });
    await waitForHealth(`http://127.0.0.1:${instance.port}`, managed, 60_000, systemId);
  };

  try {
    await Promise.all(instances.map((instance) => startInstance(instance.name)));
  } catch (error) {
    await Promise.all(processes.map((managed) => stopProcess(managed)));
    throw error;
  }

  const gatewayEnv: NodeJS.ProcessEnv = { ...env, ...upstreamEnv, GATEWAY_PORT: String(options.gatewayPort), INSTANCE_ID: 'gateway' };
  const startGateway = async (): Promise<void> => {
    const gateway = launch('gateway', 'gateway', options.gatewayPort, gatewayEnv);
    await waitForHealth(`http://127.0.0.1:${options.gatewayPort}`, gateway, 60_000, systemId);
  };
  try {
    await startGateway();
  } catch (error) {
    await Promise.all(processes.map((managed) => stopProcess(managed)));
    throw error;
  }
  supervising = true;
  const running = (): ManagedProcess[] => processes.filter((managed) => managed.child.exitCode === null && managed.child.signalCode === null);

  return {
    gatewayUrl: `http://127.0.0.1:${options.gatewayPort}`,
    processes,
    serviceUrls,
    instanceUrls: (service) => [...serviceUrls[service], ...workerUrls[service]],
    async stop() {
      supervising = false;
      // The gateway first, so no new work arrives while the services drain.
      await Promise.all(running().filter((managed) => managed.service === 'gateway').map((managed) => stopProcess(managed)));
      await Promise.all(running().map((managed) => stopProcess(managed)));
    },
    async kill(name: string) {
      const managed = running().find((candidate) => candidate.name === name);
      if (!managed) throw new Error(`no running process named ${name}`);
      intended.add(managed.child);
      managed.child.kill('SIGKILL');
      await managed.exited;
      return () => startInstance(name);
    },
  };
}
