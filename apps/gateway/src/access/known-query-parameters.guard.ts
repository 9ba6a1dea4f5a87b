import { DomainError, ErrorCode } from '@concert/contracts';
import { type CanActivate, type ExecutionContext, Injectable, SetMetadata } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import type { FastifyRequest } from 'fastify';

export const QUERY_PARAMETERS = 'gateway:query-parameters';

/** The query parameters a route takes; a route without this marking takes none. */
export function QueryParameters(...names: string[]): MethodDecorator {
  return SetMetadata(QUERY_PARAMETERS, names);
}

/** At most this many unknown names are listed back. */
const LISTED = 5;

/**
 * Refuses a query parameter the route does not take (400 VALIDATION_FAILED), on every public
 * route alike: the contract refuses unknown fields, in the query as in the body. Runs after the
 * token guard, so the contract's order of checks holds. Names are read from the raw query string,
 * so `__proto__` or `constructor` are names like any other.
 */
@Injectable()
export class KnownQueryParametersGuard implements CanActivate {
  constructor(private readonly reflector: Reflector) {}

  canActivate(context: ExecutionContext): boolean {
    const { url } = context.switchToHttp().getRequest<FastifyRequest>();
    const start = url.indexOf('?');
    if (start < 0) return true;
    const allowed = this.reflector.get<string[] | undefined>(QUERY_PARAMETERS, context.getHandler()) ?? [];
    const unknown = [...new Set(new URLSearchParams(url.slice(start + 1)).keys())].filter((name) => !allowed.includes(name));
    if (unknown.length === 0) return true;
    const problems = unknown.slice(0, LISTED).map((name) => `query parameter ${JSON.stringify(name)} is not accepted here`);
    throw new DomainError(ErrorCode.VALIDATION_FAILED, problems.join('; '), { problems });
  }
}
