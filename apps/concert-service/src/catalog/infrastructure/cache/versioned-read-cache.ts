import { randomUUID } from 'node:crypto';
import type { LoggerService } from '@nestjs/common';
import type Redis from 'ioredis';
import { withTimeout } from '@concert/platform';
import { catalogCacheLoads, catalogCacheRequests } from '../catalog.metrics';
import { INVALIDATE, RELEASE_LOCK, STORE_IF_CURRENT } from './redis-script';

/** A cacheable read result: the response body and the version of the data it was built from. */
export interface CacheableValue {
  version: number;
  /** Epoch ms after which the body is wrong by itself (a listed show started); null: never. */
  validUntilMs: number | null;
  body: string;
}

/** Where one cached read lives in Redis. */
export interface CacheSlot {
  /** Metric label. */
  cache: string;
  valueKey: string;
  /** Minimum acceptable version, raised by every invalidation (shared by every value of one version domain). */
  minKey: string;
  lockKey: string;
}

export interface Invalidation {
  valueKey: string;
  minKey: string;
  version: number;
}

export interface VersionedReadCacheOptions {
  /** false: every read() loads from Postgres, nothing is shared or stored (the uncached baseline of benchmarks). */
  enabled?: boolean;
  ttlMs: number;
  lockTtlMs: number;
  lockWaitMs: number;
  operationTimeoutMs: number;
}

const LOCK_POLL_MS = 10;
const RETRY_INVALIDATIONS_MS = 250;
const WARN_EVERY_MS = 10_000;

/**
 * Look-aside cache of response bodies in Redis, safe against the classic race where a reader
 * stores what it read just before a writer's invalidation:
 *
 * - every cached value carries the version of the data it was read from (one SQL statement reads
 *   the rows and their version together);
 * - an invalidation raises a per-domain minimum version (`minKey`) and deletes the value — the
 *   writer does it BEFORE its transaction commits, with the version it is committing;
 * - a value below the minimum is never served and never stored (atomic Lua check), so a reader
 *   that read the old rows cannot put them back after the invalidation.
 *
 * Stampede protection when a hot key is missing: concurrent misses in one process share one
 * load (single flight); across processes, one process takes a short Redis lock and rebuilds
 * while the others poll for its value for up to `lockWaitMs`, then read Postgres themselves.
 *
 * Redis trouble never fails a read: the read goes to Postgres ("bypass"). An invalidation that
 * fails is retried in the background, and this process bypasses the key until it succeeds;
 * the TTL bounds what another process might serve meanwhile.
 */
export class VersionedReadCache {
  private readonly inFlight = new Map<string, Promise<CacheableValue>>();
  private readonly pending = new Map<string, Invalidation>();
  private retryTimer: NodeJS.Timeout | undefined;
  private readonly versionTtlMs: number;
  private lastReadWarningAt = 0;
  private suppressedReadWarnings = 0;

  constructor(
    private readonly redis: Redis,
    private readonly options: VersionedReadCacheOptions,
    private readonly now: () => number,
    private readonly logger: LoggerService,
  ) {
    // The minimum must outlive every value stored under it.
    this.versionTtlMs = Math.max(3_600_000, options.ttlMs * 2);
  }

  async read(slot: CacheSlot, load: () => Promise<CacheableValue>): Promise<string> {
    if (this.options.enabled === false) {
      catalogCacheRequests.inc({ cache: slot.cache, result: 'disabled' });
      return (await this.loadFromDatabase(slot, load)).body;
    }
    if (this.pending.has(slot.valueKey)) {
      catalogCacheRequests.inc({ cache: slot.cache, result: 'bypass' });
      return (await this.loadOnce(slot, load)).body;
    }
    let cached: CacheableValue | null;
    try {
      const [raw, minimum] = await this.timed(this.redis.mget(slot.valueKey, slot.minKey));
      cached = this.usable(raw ?? null, minimum ?? null);
    } catch (error) {
      this.warnReadFailure(slot, error);
      catalogCacheRequests.inc({ cache: slot.cache, result: 'bypass' });
      return (await this.loadOnce(slot, load)).body;
    }
    if (cached) {
      catalogCacheRequests.inc({ cache: slot.cache, result: 'hit' });
      return cached.body;
    }
    catalogCacheRequests.inc({ cache: slot.cache, result: 'miss' });
    return (await this.singleFlight(slot.valueKey, () => this.rebuild(slot, load))).body;
  }

  /** Raises the minimum versions and drops the values. Never throws: failures are retried in the background. */
  async invalidate(invalidations: Invalidation[]): Promise<void> {
    await Promise.all(
      invalidations.map(async (invalidation) => {
        try {
          await this.timed(INVALIDATE.run(this.redis, [invalidation.valueKey, invalidation.minKey], [invalidation.version, this.versionTtlMs]));
        } catch (error) {
          this.logger.warn(`cache invalidation of ${invalidation.valueKey} failed, retrying in the background: ${describe(error)}`);
          this.deferInvalidation(invalidation);
        }
      }),
    );
  }

  /** Stops the background retry (tests, shutdown). */
  close(): void {
    clearTimeout(this.retryTimer);
    this.retryTimer = undefined;
  }

  /** At most one warning per WARN_EVERY_MS: an overloaded or unreachable Redis must not flood the log. */
  private warnReadFailure(slot: CacheSlot, error: unknown): void {
    const now = Date.now();
    if (now - this.lastReadWarningAt < WARN_EVERY_MS) {
      this.suppressedReadWarnings++;
      return;
    }
    const suppressed = this.suppressedReadWarnings ? ` (${this.suppressedReadWarnings} more since the last warning)` : '';
    this.lastReadWarningAt = now;
    this.suppressedReadWarnings = 0;
    this.logger.warn(`cache read of ${slot.valueKey} failed, reading Postgres${suppressed}: ${describe(error)}`);
  }

  private usable(raw: string | null, minimum: string | null): CacheableValue | null {
    const value = decode(raw);
    if (!value) return null;
    if (value.version < Number(minimum ?? 0)) return null;
    if (value.validUntilMs !== null && this.now() >= value.validUntilMs) return null;
    return value;
  }

  private async rebuild(slot: CacheSlot, load: () => Promise<CacheableValue>): Promise<CacheableValue> {
    const token = randomUUID();
    let locked = false;
    try {
      locked = (await this.timed(this.redis.set(slot.lockKey, token, 'PX', this.options.lockTtlMs, 'NX'))) === 'OK';
    } catch (error) {
      this.logger.warn(`cache lock of ${slot.valueKey} failed, reading Postgres: ${describe(error)}`);
      return this.loadFromDatabase(slot, load);
    }
    if (!locked) {
      const rebuiltElsewhere = await this.waitForOtherProcess(slot);
      if (rebuiltElsewhere) return rebuiltElsewhere;
    }
    try {
      const value = await this.loadFromDatabase(slot, load);
      try {
        await this.timed(STORE_IF_CURRENT.run(this.redis, [slot.valueKey, slot.minKey], [value.version, encode(value), this.options.ttlMs]));
      } catch (error) {
        this.logger.warn(`cache write of ${slot.valueKey} failed: ${describe(error)}`);
      }
      return value;
    } finally {
      if (locked) await this.timed(RELEASE_LOCK.run(this.redis, [slot.lockKey], [token])).catch(() => undefined);
    }
  }

  /** Polls while another process holds the rebuild lock; null when it gave up or the lock went without a usable value. */
  private async waitForOtherProcess(slot: CacheSlot): Promise<CacheableValue | null> {
    const deadline = this.now() + this.options.lockWaitMs;
    while (this.now() < deadline) {
      await new Promise((resolve) => setTimeout(resolve, LOCK_POLL_MS));
      try {
        const [raw, minimum, lock] = await this.timed(this.redis.mget(slot.valueKey, slot.minKey, slot.lockKey));
        const value = this.usable(raw ?? null, minimum ?? null);
        if (value) return value;
        if (!lock) return null;
      } catch {
        return null;
      }
    }
    return null;
  }

  private loadOnce(slot: CacheSlot, load: () => Promise<CacheableValue>): Promise<CacheableValue> {
    return this.singleFlight(slot.valueKey, () => this.loadFromDatabase(slot, load));
  }

  private loadFromDatabase(slot: CacheSlot, load: () => Promise<CacheableValue>): Promise<CacheableValue> {
    catalogCacheLoads.inc({ cache: slot.cache });
    return load();
  }

  private singleFlight(key: string, work: () => Promise<CacheableValue>): Promise<CacheableValue> {
    const running = this.inFlight.get(key);
    if (running) return running;
    const started = work().finally(() => this.inFlight.delete(key));
    this.inFlight.set(key, started);
    return started;
  }

  private deferInvalidation(invalidation: Invalidation): void {
    const known = this.pending.get(invalidation.valueKey);
    if (!known || known.version < invalidation.version) this.pending.set(invalidation.valueKey, invalidation);
    this.scheduleRetry();
  }

  private scheduleRetry(): void {
    if (this.retryTimer || this.pending.size === 0) return;
    this.retryTimer = setTimeout(() => {
      this.retryTimer = undefined;
      const batch = [...this.pending.values()];
      void Promise.all(
        batch.map(async (invalidation) => {
          try {
            await this.timed(INVALIDATE.run(this.redis, [invalidation.valueKey, invalidation.minKey], [invalidation.version, this.versionTtlMs]));
            if (this.pending.get(invalidation.valueKey) === invalidation) this.pending.delete(invalidation.valueKey);
          } catch {
            // still unreachable: next round
          }
        }),
      ).finally(() => this.scheduleRetry());
    }, RETRY_INVALIDATIONS_MS);
    this.retryTimer.unref();
  }

  private timed<T>(operation: Promise<T>): Promise<T> {
    return withTimeout(operation, this.options.operationTimeoutMs, 'redis');
  }
}

/** `<version>|<validUntilMs or empty>|<body>` */
export function encode(value: CacheableValue): string {
  return `${value.version}|${value.validUntilMs ?? ''}|${value.body}`;
}

export function decode(raw: string | null): CacheableValue | null {
  if (raw === null) return null;
  const first = raw.indexOf('|');
  const second = raw.indexOf('|', first + 1);
  if (first <= 0 || second < 0) return null;
  const version = Number(raw.slice(0, first));
  const until = raw.slice(first + 1, second);
  if (!Number.isFinite(version)) return null;
  return { version, validUntilMs: until === '' ? null : Number(until), body: raw.slice(second + 1) };
}

function describe(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
