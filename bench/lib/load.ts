/**
 * A thin layer over autocannon: one scenario = one bounded run against loopback, reported as
 * throughput, latency percentiles and errors.
 */
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
  /** Per-request customisation (a token per connection…). */
  requests?: Request[];
  /**
   * Or one request per item of a feed (a buyer signed in ahead for each join…). The load ends
   * early if the feed runs dry; the request that found it dry goes out without its own parts,
   * is refused and counts as an error.
   */
  feed?: RequestFeed;
  /** Requests per second over all connections (a paced load); as fast as it goes when absent. */
  overallRate?: number;
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

/** What one request of a load brings of its own, over the load's method, URL, headers and body. */
export interface RequestParts {
  /** Path and query, when not the load's. */
  path?: string;
  headers?: Record<string, string>;
  body?: string;
}

/**
 * The next request's own parts, each made of an item used once (a buyer signed in ahead, a held
 * reservation…); undefined once every item is used. A load's warm-up and its measurement draw
 * from the same feed, so no item serves twice.
 */
export type RequestFeed = () => RequestParts | undefined;

/** A feed of one request per item, in order. */
export function feedOf<T>(items: readonly T[], partsOf: (item: T) => RequestParts): RequestFeed {
  let next = 0;
  return () => (next < items.length ? partsOf(items[next++]) : undefined);
}

function fedRequest(feed: RequestFeed, onDry: () => void): Request {
  return {
    setupRequest: (request) => {
      const parts = feed();
      if (!parts) {
        onDry();
        return request;
      }
      return { ...request, path: parts.path ?? request.path, body: parts.body ?? request.body, headers: { ...request.headers, ...parts.headers } };
    },
  };
}

/** Unrecorded seconds before a duration-based load, unless it says otherwise. */
export const DEFAULT_WARM_UP_SECONDS = 2;

export async function runLoad(options: LoadOptions): Promise<LoadResult> {
  const warmupSeconds = options.warmupSeconds ?? DEFAULT_WARM_UP_SECONDS;
  if (!options.amount && warmupSeconds > 0) {
    await measure({ ...options, duration: warmupSeconds });
  }
  return measure(options);
}

async function measure(options: LoadOptions): Promise<LoadResult> {
  const statusCounts: Record<string, number> = {};
  const expected = new Set(options.expectedStatuses ?? []);
  let unexpected = 0;
  let instance!: autocannon.Instance;
  let ranDry = false;
  const onDry = () => {
    if (ranDry) return;
    ranDry = true;
    process.stderr.write(`load on ${options.url}: its feed ran dry (more requests than items signed in ahead); stopped early\n`);
    // Not from inside autocannon's request building: once it has returned.
    setImmediate(() => instance.stop());
  };
  const finished = new Promise<autocannon.Result>((resolve, reject) => {
    instance = autocannon(
      {
        url: options.url,
        connections: options.connections,
        ...(options.amount ? { amount: options.amount } : { duration: options.duration ?? 10 }),
        method: options.method ?? 'GET',
        headers: { 'content-type': 'application/json', ...options.headers },
        body: options.body,
        requests: options.feed ? [fedRequest(options.feed, onDry)] : options.requests,
        ...(options.overallRate ? { overallRate: options.overallRate } : {}),
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
