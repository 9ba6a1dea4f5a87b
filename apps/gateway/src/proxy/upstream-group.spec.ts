import type { Clock } from '../clock';
import { UpstreamGroup } from './upstream-group';

class FakeClock implements Clock {
  now = 1_000_000;
  nowMs(): number {
    return this.now;
  }
}

describe('UpstreamGroup', () => {
  let clock: FakeClock;

  beforeEach(() => {
    clock = new FakeClock();
  });

  it('takes the replicas in turn', () => {
    const sut = new UpstreamGroup(['a', 'b', 'c'], clock);
    expect(Array.from({ length: 7 }, () => sut.next())).toEqual(['a', 'b', 'c', 'a', 'b', 'c', 'a']);
  });

  it('always answers the only replica', () => {
    const sut = new UpstreamGroup(['a'], clock);
    sut.markDown('a');
    expect([sut.next(), sut.next('a')]).toEqual(['a', 'a']);
  });

  it('gives another replica than the one that just failed', () => {
    const sut = new UpstreamGroup(['a', 'b'], clock);
    expect(sut.next()).toBe('a');
    expect(sut.next('b')).toBe('a');
    expect(sut.next('a')).toBe('b');
  });

  it('skips a replica that refused a connection until its cool-down is over', () => {
    const sut = new UpstreamGroup(['a', 'b', 'c'], clock, 1_000);
    sut.markDown('b');
    expect(Array.from({ length: 4 }, () => sut.next())).toEqual(['a', 'c', 'a', 'c']);
    clock.now += 1_000;
    expect(Array.from({ length: 3 }, () => sut.next())).toEqual(['a', 'b', 'c']);
  });

  it('still tries replicas when all of them are cooling down', () => {
    const sut = new UpstreamGroup(['a', 'b'], clock);
    sut.markDown('a');
    sut.markDown('b');
    expect([sut.next(), sut.next(), sut.next()]).toEqual(['a', 'b', 'a']);
  });

  it('refuses an empty replica list', () => {
    expect(() => new UpstreamGroup([], clock)).toThrow(/at least one/);
  });
});
