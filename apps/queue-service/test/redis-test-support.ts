import { randomBytes } from 'node:crypto';
import { createRedis } from '@concert/platform';
import { testInfra } from '@concert/testing';
import type Redis from 'ioredis';

/** A key prefix no other test file (nor run) shares. */
export function uniqueRedisPrefix(name: string): string {
  return `it:queue:${name}:${Date.now().toString(36)}${randomBytes(3).toString('hex')}:`;
}

/** A client with the prefix applied (like the service's). */
export function prefixedRedis(prefix: string, name = 'queue-test'): Redis {
  return createRedis({ REDIS_URL: testInfra.redisUrl, REDIS_KEY_PREFIX: prefix }, name);
}

/** Deletes every key under the prefix (a SCAN, fine in tests only) and closes the client. */
export async function dropRedisPrefix(prefix: string): Promise<void> {
  const redis = createRedis({ REDIS_URL: testInfra.redisUrl, REDIS_KEY_PREFIX: '' }, 'queue-test-cleanup');
  try {
    let cursor = '0';
    do {
      const [next, keys] = await redis.scan(cursor, 'MATCH', `${prefix}*`, 'COUNT', 1000);
      cursor = next;
      if (keys.length > 0) await redis.del(...keys);
    } while (cursor !== '0');
  } finally {
    await redis.quit();
  }
}
