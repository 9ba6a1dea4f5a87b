import { strangerOf } from './system-identity';

describe('strangerOf', () => {
  it('accepts an answer carrying this system id', () => {
    expect(strangerOf({ 'x-system-id': 'sys-1' }, 'sys-1')).toBeUndefined();
  });

  it('names an answer without the header, or with another id, as another system', () => {
    expect(strangerOf({}, 'sys-1')).toBe('answers as another system (no x-system-id)');
    expect(strangerOf({ 'x-system-id': 'sys-0' }, 'sys-1')).toBe('answers as another system (x-system-id: sys-0)');
    expect(strangerOf({ 'x-system-id': ['sys-1', 'sys-1'] }, 'sys-1')).toBe('answers as another system (x-system-id: sys-1, sys-1)');
  });

  it('shows at most 64 characters of a foreign id', () => {
    expect(strangerOf({ 'x-system-id': 'x'.repeat(1_000) }, 'sys-1')).toBe(`answers as another system (x-system-id: ${'x'.repeat(64)})`);
  });

  it('accepts everything when the gateway has no SYSTEM_ID', () => {
    expect(strangerOf({}, undefined)).toBeUndefined();
    expect(strangerOf({ 'x-system-id': 'sys-0' }, undefined)).toBeUndefined();
  });
});
