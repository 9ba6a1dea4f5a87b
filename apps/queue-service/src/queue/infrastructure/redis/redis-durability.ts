import { APP_CONFIG, REDIS } from '@concert/platform';
import { Inject, Injectable, Logger, type OnApplicationBootstrap, type OnModuleDestroy } from '@nestjs/common';
import type Redis from 'ioredis';
import { Gauge } from 'prom-client';
import type { QueueServiceConfig } from '../../../queue-service.config';

/** Used memory over `maxmemory` (0 when Redis has no limit): alert well before 1, when writes start failing. */
const memoryRatio = new Gauge({ name: 'queue_redis_memory_used_ratio', help: "Redis used_memory / maxmemory (0: no maxmemory set); at 1 joins fail (noeviction)" });
const persistenceOn = new Gauge({ name: 'queue_redis_persistence_enabled', help: '1 when the Redis holding the waiting room persists (AOF or RDB snapshots), 0 when not, -1 when it cannot be told' });

export interface RedisPersistence {
  /** null: the server does not let us ask (CONFIG disabled, as on some managed services). */
  appendonly: boolean | null;
  snapshots: boolean | null;
  evictionPolicy: string | null;
}

/** What the server says of its persistence and eviction; nulls when CONFIG GET is refused. */
export async function persistenceOf(redis: Redis): Promise<RedisPersistence> {
  try {
    const [appendonly, save, policy] = await Promise.all([
      redis.config('GET', 'appendonly') as Promise<string[]>,
      redis.config('GET', 'save') as Promise<string[]>,
      redis.config('GET', 'maxmemory-policy') as Promise<string[]>,
    ]);
    return { appendonly: appendonly[1] === 'yes', snapshots: (save[1] ?? '').trim() !== '', evictionPolicy: policy[1] ?? null };
  } catch {
    return { appendonly: null, snapshots: null, evictionPolicy: null };
  }
}

/** Why a Redis is unfit to hold the waiting room, if it is (empty when it is fit or cannot be told). */
export function durabilityProblems(persistence: RedisPersistence): string[] {
  const problems: string[] = [];
  if (persistence.appendonly === false && persistence.snapshots === false) {
    problems.push('Redis persists nothing (appendonly no, save ""): a restart erases every place in the waiting room; use config/redis/redis.conf');
  } else if (persistence.appendonly === false) {
    problems.push('Redis has no append-only file: a crash loses every place since the last snapshot; use config/redis/redis.conf (appendonly yes, appendfsync everysec)');
  }
  if (persistence.evictionPolicy !== null && persistence.evictionPolicy !== 'noeviction') {
    problems.push(`Redis evicts keys under memory pressure (maxmemory-policy ${persistence.evictionPolicy}): places would vanish silently; use noeviction`);
  }
  return problems;
}

/**
 * The waiting room is data, not cache. At start, queue-service asks its Redis whether it persists
 * and never evicts: it warns when not, and refuses to start with NODE_ENV=production. It then
 * exports the memory in use against `maxmemory` every 15 s (an alert metric: at the limit, with
 * noeviction, joins fail instead of places disappearing).
 */
@Injectable()
export class RedisDurability implements OnApplicationBootstrap, OnModuleDestroy {
  private readonly logger = new Logger(RedisDurability.name);
  private timer?: NodeJS.Timeout;

  constructor(
    @Inject(REDIS) private readonly redis: Redis,
    @Inject(APP_CONFIG) private readonly config: QueueServiceConfig,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    const persistence = await persistenceOf(this.redis);
    persistenceOn.set(persistence.appendonly === null ? -1 : persistence.appendonly || persistence.snapshots ? 1 : 0);
    if (persistence.appendonly === null) this.logger.warn('Redis refuses CONFIG GET: its persistence cannot be checked; make sure it keeps an append-only file and never evicts');
    const problems = durabilityProblems(persistence);
    if (problems.length > 0 && this.config.NODE_ENV === 'production') {
      throw new Error(`queue-service refuses this Redis in production: ${problems.join('; ')}`);
    }
    for (const problem of problems) this.logger.warn(problem);
    await this.sampleMemory();
    this.timer = setInterval(() => void this.sampleMemory(), 15_000);
    this.timer.unref();
  }

  onModuleDestroy(): void {
    if (this.timer) clearInterval(this.timer);
  }

  private async sampleMemory(): Promise<void> {
    try {
      const info = await this.redis.info('memory');
      const used = Number(/used_memory:(\d+)/.exec(info)?.[1] ?? 0);
      const max = Number(/maxmemory:(\d+)/.exec(info)?.[1] ?? 0);
      memoryRatio.set(max > 0 ? used / max : 0);
    } catch {
      // Redis down: the health check says so; the ratio keeps its last value.
    }
  }
}
