import { BODY_LIMIT_BYTES } from '@concert/platform';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';

/**
 * The gateway reads no body: whatever the content type, the bytes reach the handler as they came
 * (an empty body counts as none) and are forwarded unchanged, for the service to parse and
 * validate. So the queue token (and an admin key) is checked before anything in the body is,
 * as the contract orders the checks: a malformed body without a token is 401, not 400. Only the
 * 1 MB limit (413) applies here, as everywhere.
 */
export function forwardRawBodies(app: NestFastifyApplication): void {
  app.getHttpAdapter().getInstance().removeAllContentTypeParsers();
  // Registered through Nest, so that its start-up leaves this parser alone and adds no other.
  app.useBodyParser('*', { bodyLimit: BODY_LIMIT_BYTES }, (_request, raw, done) => {
    done(null, raw.length === 0 ? undefined : raw);
  });
}

/** The bytes to forward: the body as received, none when it was empty. */
export function forwardedBody(body: unknown): Buffer | undefined {
  return Buffer.isBuffer(body) && body.length > 0 ? body : undefined;
}
