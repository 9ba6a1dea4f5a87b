import Redis from 'ioredis';
import { testInfra } from './infra';

/**
 * Deletes every key under a prefix (SCAN + UNLINK) through a client without a key prefix and
 * returns how many. UNLINK frees large values (a million-member set) in the background.
 */
export async function unlinkByPrefix(raw: Redis, prefix: string): Promise<number> {
  let cursor = '0';
  let deleted = 0;
  do {
    const [next, keys] = await raw.scan(cursor, 'MATCH', `${prefix}*`, 'COUNT', 5_000);
    cursor = next;
    if (keys.length > 0) deleted += await raw.unlink(...keys);
  } while (cursor !== '0');
  return deleted;
}

/** Deletes every key a test or bench system wrote under its REDIS_KEY_PREFIX. */
export async function deleteRedisPrefix(prefix: string, redisUrl = testInfra.redisUrl): Promise<number> {
  const raw = new Redis(redisUrl, { lazyConnect: true, maxRetriesPerRequest: 2 });
  try {
    await raw.connect();
    return await unlinkByPrefix(raw, prefix);
  } finally {
    await raw.quit().catch(() => raw.disconnect());
  }
}
