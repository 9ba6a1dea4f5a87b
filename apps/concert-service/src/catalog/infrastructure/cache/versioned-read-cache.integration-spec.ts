import { randomUUID } from 'node:crypto';
import Redis from 'ioredis';
import { testInfra } from '@concert/testing';
import { type CacheableValue, type CacheSlot, VersionedReadCache } from './versioned-read-cache';

const quiet = { log: () => undefined, warn: () => undefined, error: () => undefined };
const options = { ttlMs: 60_000, lockTtlMs: 2_000, lockWaitMs: 500, operationTimeoutMs: 200 };

function deferred<T>() {
  let resolve!: (value: T) => void;
  const promise = new Promise<T>((r) => (resolve = r));
  return { promise, resolve };
}

describe('VersionedReadCache (real Redis)', () => {
  const prefix = `test:cache:${randomUUID().slice(0, 8)}:`;
  let redis: Redis;
  let now: number;
  let sut: VersionedReadCache;
  let slot: CacheSlot;

  const newCache = (client: Redis = redis) => new VersionedReadCache(client, options, () => now, quiet);
  const value = (version: number, body: string, validUntilMs: number | null = null): CacheableValue => ({ version, validUntilMs, body });

  beforeAll(() => {
    redis = new Redis(testInfra.redisUrl, { keyPrefix: prefix, maxRetriesPerRequest: 1 });
  });

  beforeEach(() => {
    now = Date.now();
    sut = newCache();
    const key = randomUUID();
    slot = { cache: 'test', valueKey: `v:${key}`, minKey: `m:${key}`, lockKey: `l:${key}` };
  });

  afterEach(() => sut.close());

  afterAll(async () => {
    const raw = new Redis(testInfra.redisUrl);
    const keys = await raw.keys(`${prefix}*`);
    if (keys.length > 0) await raw.del(...keys);
    raw.disconnect();
    redis.disconnect();
  });

  it('serves the stored body until an invalidation with a newer version', async () => {
    const load = jest.fn(async () => value(1, 'v1'));
    await expect(sut.read(slot, load)).resolves.toBe('v1');
    await expect(sut.read(slot, load)).resolves.toBe('v1');
    expect(load).toHaveBeenCalledTimes(1);

    await sut.invalidate([{ valueKey: slot.valueKey, minKey: slot.minKey, version: 2 }]);

    await expect(sut.read(slot, async () => value(2, 'v2'))).resolves.toBe('v2');
  });

  it('never stores what a reader read before an invalidation it raced with', async () => {
    const gate = deferred<void>();
    // The reader reads version 1 from the "database", then stalls before writing to Redis.
    const slowReader = sut.read(slot, async () => {
      await gate.promise;
      return value(1, 'old');
    });
    await new Promise((resolve) => setTimeout(resolve, 20));
    // Meanwhile the writer announces version 2 (before its commit) and drops the value.
    await sut.invalidate([{ valueKey: slot.valueKey, minKey: slot.minKey, version: 2 }]);
    gate.resolve();
    await expect(slowReader).resolves.toBe('old'); // right when it was read

    const next = jest.fn(async () => value(2, 'new'));
    await expect(sut.read(slot, next)).resolves.toBe('new');
    expect(next).toHaveBeenCalledTimes(1); // 'old' was never cached
  });

  it('negative control: without the version check the racing reader would have cached the old body', async () => {
    const gate = deferred<void>();
    const slowReader = sut.read(slot, async () => {
      await gate.promise;
      return value(1, 'old');
    });
    await new Promise((resolve) => setTimeout(resolve, 20));
    await redis.del(slot.valueKey); // a plain delete-invalidation, no minimum version
    gate.resolve();
    await slowReader;

    await expect(sut.read(slot, async () => value(2, 'new'))).resolves.toBe('old'); // stale: the race is real
  });

  it('does not let an older value replace a newer one', async () => {
    // While this process loads version 6, another process stores version 7.
    const body = await sut.read(slot, async () => {
      await redis.set(slot.valueKey, '7||v7', 'PX', 60_000);
      return value(6, 'v6');
    });

    expect(body).toBe('v6');
    await expect(redis.get(slot.valueKey)).resolves.toBe('7||v7');
  });

  it('treats a value past its validUntil as missing', async () => {
    await sut.read(slot, async () => value(1, 'before the show', now + 1_000));
    now += 1_000;

    await expect(sut.read(slot, async () => value(1, 'after the show'))).resolves.toBe('after the show');
  });

  it('loads a missing hot key once for 100 concurrent readers in one process', async () => {
    const load = jest.fn(async () => {
      await new Promise((resolve) => setTimeout(resolve, 30));
      return value(1, 'hot');
    });

    const bodies = await Promise.all(Array.from({ length: 100 }, () => sut.read(slot, load)));

    expect(new Set(bodies)).toEqual(new Set(['hot']));
    expect(load).toHaveBeenCalledTimes(1);
  });

  it('loads a missing hot key once across processes (Redis lock), the others wait for its value', async () => {
    const processes = [sut, newCache(), newCache(), newCache()];
    const load = jest.fn(async () => {
      await new Promise((resolve) => setTimeout(resolve, 50));
      return value(1, 'rebuilt once');
    });

    const bodies = await Promise.all(processes.flatMap((cache) => Array.from({ length: 25 }, () => cache.read(slot, load))));

    expect(new Set(bodies)).toEqual(new Set(['rebuilt once']));
    expect(load).toHaveBeenCalledTimes(1);
    processes.slice(1).forEach((cache) => cache.close());
  });

  it('negative control: without the lock each process loads', async () => {
    const processes = [sut, newCache(), newCache(), newCache()];
    const load = jest.fn(async () => {
      await new Promise((resolve) => setTimeout(resolve, 50));
      return value(1, 'x');
    });
    const unlocked = processes.map((cache) => ({ cache, slot: { ...slot, lockKey: `${slot.lockKey}:${randomUUID()}` } }));
    // Each "process" gets its own lock key, i.e. no shared lock.
    await Promise.all(unlocked.map(({ cache, slot: own }) => cache.read(own, load)));

    expect(load.mock.calls.length).toBeGreaterThan(1);
    processes.slice(1).forEach((cache) => cache.close());
  });

  it('reads Postgres (the loader) when Redis is unreachable, and never fails an invalidation', async () => {
    const down = new Redis({ port: 1, host: '127.0.0.1', lazyConnect: true, maxRetriesPerRequest: 0, retryStrategy: () => null, enableOfflineQueue: false });
    const cache = newCache(down);
    try {
      await expect(cache.read(slot, async () => value(1, 'from postgres'))).resolves.toBe('from postgres');
      await expect(cache.invalidate([{ valueKey: slot.valueKey, minKey: slot.minKey, version: 2 }])).resolves.toBeUndefined();
      // Until the invalidation got through, this process bypasses the key.
      await expect(cache.read(slot, async () => value(2, 'still postgres'))).resolves.toBe('still postgres');
    } finally {
      cache.close();
      down.disconnect();
    }
  });
});
