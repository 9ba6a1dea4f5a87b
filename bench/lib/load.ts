/**
 * A thin layer over autocannon: one scenario = one bounded run against loopback, reported as
 * throughput, latency percentiles and errors.
 */
import { randomUUID } from 'node:crypto';
import autocannon, { type Request } from 'autocannon';
import { machineBusyMs } from './cpu';

export interface LoadOptions {
  url: string;
  connections: number;
  /** Seconds to run (bounded). */
  duration?: number;
  /** Or a fixed number of requests. */
  amount?: number;
  method?: 'GET' | 'POST' | 'DELETE';
  headers?: Record<string, string>;
  body?: string;
  /** Per-request customisation (a fresh user id per request, a token per connection…). */
  requests?: Request[];
  /** Responses with these statuses count as expected outcomes, not errors (e.g. 409 in a race). */
  expectedStatuses?: number[];
  /** Seconds of unrecorded load first (JIT, connection pools, caches), for duration-based runs. */
  warmupSeconds?: number;
}

export interface LoadResult {
  requests: number;
  rps: number;
  p50: number;
  p90: number;
  p99: number;
  max: number;
  errors: number;
  statusCounts: Record<string, number>;
  /** Busy CPU of the whole machine (every process, the load generator too) per request, µs. */
  cpuUsPerRequest?: number;
}

/** A queue join per request, each for a new user (the token-issue shape). */
export function newUserJoins(): Request[] {
  return [{ method: 'POST', setupRequest: (request) => ({ ...request, body: JSON.stringify({ userId: randomUUID() }) }) }];
}

export async function runLoad(options: LoadOptions): Promise<LoadResult> {
  if (!options.amount && (options.warmupSeconds ?? 2) > 0) {
    await measure({ ...options, duration: options.warmupSeconds ?? 2 });
  }
  return measure(options);
}

async function measure(options: LoadOptions): Promise<LoadResult> {
  const statusCounts: Record<string, number> = {};
  const expected = new Set(options.expectedStatuses ?? []);
  let unexpected = 0;
  let instance!: autocannon.Instance;
  const finished = new Promise<autocannon.Result>((resolve, reject) => {
    instance = autocannon(
      {
        url: options.url,
        connections: options.connections,
        ...(options.amount ? { amount: options.amount } : { duration: options.duration ?? 10 }),
        method: options.method ?? 'GET',
        headers: { 'content-type': 'application/json', ...options.headers },
        body: options.body,
        requests: options.requests,
        timeout: 10,
      },
      (error, result) => (error ? reject(error as Error) : resolve(result)),
    );
  });
  instance.on('response', (_client: unknown, statusCode: number) => {
    statusCounts[statusCode] = (statusCounts[statusCode] ?? 0) + 1;
    if (statusCode >= 400 && !expected.has(statusCode)) unexpected += 1;
  });
  const busyBefore = machineBusyMs();
  const result = await finished;
  const busyAfter = machineBusyMs();
  const cpuUsPerRequest =
    busyBefore !== undefined && busyAfter !== undefined && result.requests.total > 0 ? Math.round((1000 * (busyAfter - busyBefore)) / result.requests.total) : undefined;
  return {
    cpuUsPerRequest,
    requests: result.requests.total,
    rps: Math.round(result.requests.average),
    p50: result.latency.p50,
    p90: result.latency.p90,
    p99: result.latency.p99,
    max: result.latency.max,
    errors: result.errors + result.timeouts + unexpected,
    statusCounts,
  };
}
