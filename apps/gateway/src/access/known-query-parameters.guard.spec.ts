import { DomainError } from '@concert/contracts';
import type { ExecutionContext } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { KnownQueryParametersGuard, QueryParameters } from './known-query-parameters.guard';

class Routes {
  @QueryParameters('limit')
  list(): void {}

  single(): void {}
}

function contextOf(handler: () => void, url: string): ExecutionContext {
  return {
    getHandler: () => handler,
    switchToHttp: () => ({ getRequest: () => ({ url }) }),
  } as unknown as ExecutionContext;
}

describe('KnownQueryParametersGuard', () => {
  const sut = new KnownQueryParametersGuard(new Reflector());
  const problemsOf = (handler: () => void, url: string): unknown => {
    try {
      sut.canActivate(contextOf(handler, url));
      return 'passed';
    } catch (error) {
      return error instanceof DomainError ? { code: error.code, details: error.details } : error;
    }
  };

  it('lets a route take the parameters it declares, and any route none', () => {
    expect(sut.canActivate(contextOf(Routes.prototype.list, '/api/v1/users/u/payments?limit=5'))).toBe(true);
    expect(sut.canActivate(contextOf(Routes.prototype.single, '/api/v1/users/u/balance'))).toBe(true);
    expect(sut.canActivate(contextOf(Routes.prototype.single, '/api/v1/users/u/balance?'))).toBe(true);
  });

  it.each([
    ['an unknown name beside a declared one', Routes.prototype.list, '/p?limit=5&foo=1', ['query parameter "foo" is not accepted here']],
    ['any name on a route that declares none', Routes.prototype.single, '/b?limit=5', ['query parameter "limit" is not accepted here']],
    ['names that are properties of every object', Routes.prototype.list, '/p?constructor=1&__proto__=1&toString=1', [
      'query parameter "constructor" is not accepted here',
      'query parameter "__proto__" is not accepted here',
      'query parameter "toString" is not accepted here',
    ]],
    ['a percent-encoded name', Routes.prototype.list, '/p?lim%69t=1&f%6Fo=1', ['query parameter "foo" is not accepted here']],
  ])('refuses %s with 400 VALIDATION_FAILED', (_case, handler, url, problems) => {
    expect(problemsOf(handler, url)).toEqual({ code: 'VALIDATION_FAILED', details: { problems } });
  });

  it('lists at most five unknown names', () => {
    const url = `/b?${Array.from({ length: 50 }, (_, index) => `p${index}=1`).join('&')}`;
    expect((problemsOf(Routes.prototype.single, url) as { details: { problems: string[] } }).details.problems).toHaveLength(5);
  });
});
