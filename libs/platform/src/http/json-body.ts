import { DomainError, ErrorCode } from '@concert/contracts';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import type { FastifyRequest } from 'fastify';

/** Deeper than any request the API takes (a concert's seat prices sit at depth 4). */
export const MAX_JSON_DEPTH = 32;

/**
 * Request bodies are JSON only, uncompressed: any other content type (text/plain included) or a
 * content coding other than identity is 415. Parsed by Fastify's own parser, which refuses
 * `__proto__` and `constructor` keys, then refused when nested deeper than
 * {@link MAX_JSON_DEPTH}, before class-transformer walks them recursively.
 */
export function useJsonBodies(app: NestFastifyApplication, bodyLimit: number): void {
  const fastify = app.getHttpAdapter().getInstance();
  const parse = fastify.getDefaultJsonParser('error', 'error');
  fastify.removeAllContentTypeParsers();
  app.useBodyParser('application/json', { bodyLimit }, (request, raw, done) => {
    const coding = codingOf(request.headers['content-encoding']);
    if (coding !== 'identity') {
      done(new DomainError(ErrorCode.UNSUPPORTED_MEDIA_TYPE, `Content-Encoding ${coding} is not supported; send the body uncompressed`), undefined);
      return;
    }
    void parse(request as FastifyRequest, raw.toString('utf8'), (error: Error | null, value?: unknown) => {
      if (error) done(error, undefined);
      else if (depthOf(value, MAX_JSON_DEPTH) > MAX_JSON_DEPTH) done(tooDeep(), undefined);
      else done(null, value);
    });
  });
}

/** The request's content coding, lower-cased; `identity` when none is named. */
function codingOf(header: string | string[] | undefined): string {
  const value = (Array.isArray(header) ? header.join(',') : (header ?? '')).trim().toLowerCase();
  return value === '' ? 'identity' : value;
}

function tooDeep(): DomainError {
  return new DomainError(ErrorCode.VALIDATION_FAILED, `JSON body is nested deeper than ${MAX_JSON_DEPTH} levels`);
}

/** Nesting depth of a parsed JSON value (a scalar is 0), counted without recursion; stops once past `limit`. */
export function depthOf(value: unknown, limit: number): number {
  let deepest = 0;
  const pending: Array<[unknown, number]> = [[value, 0]];
  while (pending.length > 0) {
    const [current, depth] = pending.pop() as [unknown, number];
    if (typeof current !== 'object' || current === null) continue;
    const inner = depth + 1;
    if (inner > deepest) deepest = inner;
    if (deepest > limit) return deepest;
    for (const child of Object.values(current)) pending.push([child, inner]);
  }
  return deepest;
}
