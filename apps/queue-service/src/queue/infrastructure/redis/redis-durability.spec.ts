import { durabilityProblems } from './redis-durability';

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
