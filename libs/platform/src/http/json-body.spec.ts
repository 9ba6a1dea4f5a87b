import { depthOf } from './json-body';

describe('depthOf', () => {
  it.each([
    ['a scalar', 7, 0],
    ['null', null, 0],
    ['an empty object', {}, 1],
    ['an object in an array', [{ a: 1 }], 2],
    ['the deepest branch, not the first', { a: 1, b: [[[]]], c: {} }, 4],
  ])('counts %s as %i', (_case, value, depth) => {
    expect(depthOf(value, 32)).toBe(depth);
  });

  it('walks a value far deeper than the stack would allow, and stops once past the limit', () => {
    const deep = JSON.parse(`${'['.repeat(200_000)}${']'.repeat(200_000)}`) as unknown;
    expect(depthOf(deep, 32)).toBe(33);
  });
});
