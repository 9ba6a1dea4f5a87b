import { createHash } from 'node:crypto';
import type Redis from 'ioredis';

/** A Lua script run with EVALSHA, falling back to EVAL once when Redis does not know it yet. */
export class RedisScript {
  private readonly sha: string;

  constructor(private readonly source: string) {
    this.sha = createHash('sha1').update(source).digest('hex');
  }

  async run(redis: Redis, keys: string[], args: Array<string | number>): Promise<unknown> {
    try {
      return await redis.evalsha(this.sha, keys.length, ...keys, ...args);
    } catch (error) {
      if (!(error instanceof Error) || !error.message.startsWith('NOSCRIPT')) throw error;
      return redis.eval(this.source, keys.length, ...keys, ...args);
    }
  }
}

/**
 * KEYS: value, min-version. ARGV: version, encoded value, ttl ms.
 * Stores the value only if its version is not below the minimum the invalidations announced,
 * and not below the version already cached (a slow reader never replaces a newer value).
 */
export const STORE_IF_CURRENT = new RedisScript(`
local version = tonumber(ARGV[1])
local minimum = tonumber(redis.call('GET', KEYS[2]) or '0')
if version < minimum then return 0 end
local current = redis.call('GET', KEYS[1])
if current then
  local currentVersion = tonumber(string.match(current, '^(%d+)|'))
  if currentVersion and currentVersion > version then return 0 end
end
redis.call('SET', KEYS[1], ARGV[2], 'PX', ARGV[3])
return 1
`);

/**
 * KEYS: value, min-version. ARGV: version, min-version ttl ms.
 * Raises the minimum acceptable version (never lowers it) and drops the cached value.
 */
export const INVALIDATE = new RedisScript(`
local version = tonumber(ARGV[1])
local minimum = tonumber(redis.call('GET', KEYS[2]) or '0')
if version > minimum then
  redis.call('SET', KEYS[2], ARGV[1], 'PX', ARGV[2])
else
  redis.call('PEXPIRE', KEYS[2], ARGV[2])
end
redis.call('DEL', KEYS[1])
return 1
`);

/** KEYS: lock. ARGV: token. Deletes the lock only if this process still owns it. */
export const RELEASE_LOCK = new RedisScript(`
if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('DEL', KEYS[1]) end
return 0
`);
