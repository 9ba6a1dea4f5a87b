/**
 * Follows one concert's waiting room during a run: how many slots its active set had
 * (QUEUE_MAX_ACTIVE_USERS, or the adaptive admission limit below it) and how many were taken, read
 * from the room's keys in Redis directly so that the services see no extra request.
 */
import Redis from 'ioredis';
import { testInfra } from '@concert/testing';
import { QueueRedisKeys } from '../../apps/queue-service/src/queue/infrastructure/redis/queue-redis-keys';
import { percentile } from './http';

export interface ActiveCapacityWatch {
  /** Stops sampling: capacity and slots taken over the run, as "min / median / max". */
  stop(): Promise<{ capacity: string; taken: string; samples: number }>;
}

export function watchActiveCapacity(redisKeyPrefix: string, concertId: string, maxActiveUsers: number, everyMs = 250): ActiveCapacityWatch {
  const redis = new Redis(testInfra.redisUrl, { keyPrefix: redisKeyPrefix, maxRetriesPerRequest: 2 });
  const capacities: number[] = [];
  const taken: number[] = [];
  let stopped = false;
  const sampling = (async () => {
    while (!stopped) {
      const [limit, active] = await Promise.all([redis.hget(QueueRedisKeys.admissionLimit(concertId), 'limit'), redis.zcard(QueueRedisKeys.active(concertId))]);
      capacities.push(limit === null ? maxActiveUsers : Math.min(maxActiveUsers, Math.floor(Number(limit))));
      taken.push(active);
      await new Promise((resolve) => setTimeout(resolve, everyMs));
    }
  })();
  const summary = (values: number[]) => {
    const sorted = [...values].sort((a, b) => a - b);
    return `${sorted[0] ?? 0} / ${percentile(sorted, 50)} / ${sorted[sorted.length - 1] ?? 0}`;
  };
  return {
    async stop() {
      stopped = true;
      await sampling;
      await redis.quit();
      return { capacity: summary(capacities), taken: summary(taken), samples: capacities.length };
    },
  };
}
