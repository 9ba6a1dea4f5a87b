import { BODY_LIMIT_BYTES } from '@concert/platform';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';

/** Error codes Fastify uses for bad JSON; the platform's exception filter maps them to 400 VALIDATION_FAILED. */
class MalformedJsonError extends Error {
  readonly code = 'FST_ERR_CTP_INVALID_JSON_BODY';
  readonly statusCode = 400;
}

/**
 * JSON bodies reach the handler as the raw bytes the client sent, so the gateway forwards them
 * unchanged (no re-serialisation). They are still parsed once to refuse malformed JSON at the
 * edge with 400 VALIDATION_FAILED; the services validate the content. An empty body counts as
 * no body. The 1 MB limit (413) applies as everywhere.
 */
export function useRawJsonBodies(app: NestFastifyApplication): void {
  app.useBodyParser('application/json', { bodyLimit: BODY_LIMIT_BYTES }, (_request, raw, done) => {
    if (raw.length === 0) {
      done(null, undefined);
      return;
    }
    try {
      JSON.parse(raw.toString('utf8'));
    } catch {
      done(new MalformedJsonError('Malformed JSON body'), undefined);
      return;
    }
    done(null, raw);
  });
}

/** The bytes to forward: the raw JSON as received, or a re-serialisation if another parser produced an object. */
export function forwardedBody(body: unknown): Buffer | undefined {
  if (body === undefined || body === null) return undefined;
  if (Buffer.isBuffer(body)) return body.length > 0 ? body : undefined;
  if (typeof body === 'string') return Buffer.from(body);
  return Buffer.from(JSON.stringify(body));
}
