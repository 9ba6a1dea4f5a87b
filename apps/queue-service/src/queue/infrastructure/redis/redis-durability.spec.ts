import { Logger } from '@nestjs/common';
import type Redis from 'ioredis';
import type { QueueServiceConfig } from '../../../queue-service.config';
import { durabilityProblems, RedisDurability } from './redis-durability';

describe('durabilityProblems', () => {
  it('accepts an append-only file with noeviction, with or without snapshots', () => {
    expect(durabilityProblems({ appendonly: true, snapshots: true, evictionPolicy: 'noeviction' })).toEqual([]);
    expect(durabilityProblems({ appendonly: true, snapshots: false, evictionPolicy: 'noeviction' })).toEqual([]);
  });

  it('names a Redis that persists nothing, or only snapshots', () => {
    expect(durabilityProblems({ appendonly: false, snapshots: false, evictionPolicy: 'noeviction' })).toEqual([expect.stringContaining('persists nothing')]);
    expect(durabilityProblems({ appendonly: false, snapshots: true, evictionPolicy: 'noeviction' })).toEqual([expect.stringContaining('no append-only file')]);
  });

  it('names an eviction policy that could drop places', () => {
    expect(durabilityProblems({ appendonly: true, snapshots: true, evictionPolicy: 'allkeys-lru' })).toEqual([expect.stringContaining('allkeys-lru')]);
  });

  it('has nothing to say when the server does not answer CONFIG GET', () => {
    expect(durabilityProblems({ appendonly: null, snapshots: null, evictionPolicy: null })).toEqual([]);
  });
});

describe('RedisDurability at start', () => {
  /** A Redis that answers CONFIG GET with these settings (and INFO memory with nothing). */
  function redisWith(settings: Record<string, string>): Redis {
    return {
      config: (_get: string, name: string) => Promise.resolve([name, settings[name] ?? '']),
      info: () => Promise.resolve('used_memory:0\r\nmaxmemory:0\r\n'),
    } as unknown as Redis;
  }
  const persistsNothing = { appendonly: 'no', save: '', 'maxmemory-policy': 'noeviction' };

  it('refuses to start in production on a Redis that persists nothing, naming why', async () => {
    const sut = new RedisDurability(redisWith(persistsNothing), { NODE_ENV: 'production' } as QueueServiceConfig);
    await expect(sut.onApplicationBootstrap()).rejects.toThrow(/refuses this Redis in production: Redis persists nothing/);
  });

  it('refuses an evicting Redis in production too', async () => {
    const sut = new RedisDurability(redisWith({ appendonly: 'yes', save: '', 'maxmemory-policy': 'allkeys-lru' }), { NODE_ENV: 'production' } as QueueServiceConfig);
    await expect(sut.onApplicationBootstrap()).rejects.toThrow(/allkeys-lru/);
  });

  it('starts with a warning outside production', async () => {
    const warn = jest.spyOn(Logger.prototype, 'warn').mockImplementation(() => undefined);
    const sut = new RedisDurability(redisWith(persistsNothing), { NODE_ENV: 'development' } as QueueServiceConfig);
    await expect(sut.onApplicationBootstrap()).resolves.toBeUndefined();
    sut.onModuleDestroy();
    expect(warn).toHaveBeenCalledWith(expect.stringContaining('persists nothing'));
    warn.mockRestore();
  });

  it('starts in production on the project configuration', async () => {
    const sut = new RedisDurability(redisWith({ appendonly: 'yes', save: '3600 1', 'maxmemory-policy': 'noeviction' }), { NODE_ENV: 'production' } as QueueServiceConfig);
    await expect(sut.onApplicationBootstrap()).resolves.toBeUndefined();
    sut.onModuleDestroy();
  });
});
