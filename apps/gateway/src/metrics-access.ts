import { timingSafeEqual, createHash } from 'node:crypto';
import { DomainError, ErrorCode } from '@concert/contracts';
import { toErrorBody } from '@concert/platform';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import type { GatewayConfig } from './gateway.config';

const METRICS_PATH = /^\/metrics(\?|$)/;
export const METRICS_KEY_HEADER = 'x-metrics-key';

function digest(value: string): Buffer {
  return createHash('sha256').update(value).digest();
}

/**
 * The gateway's /metrics is on the public port, so it needs METRICS_API_KEY in X-Metrics-Key
 * when one is set; in production without a key it is closed (scrape the services' own ports, or
 * set the key). Development leaves it open for `npm start`.
 */
export function requireMetricsKey(app: NestFastifyApplication, config: Pick<GatewayConfig, 'METRICS_API_KEY' | 'NODE_ENV'>): void {
  const key = config.METRICS_API_KEY;
  if (key === undefined && config.NODE_ENV !== 'production') return;
  const expected = key === undefined ? undefined : digest(key);
  app.getHttpAdapter().getInstance().addHook('onRequest', (request, reply, done) => {
    if (!METRICS_PATH.test(request.url)) {
      done();
      return;
    }
    const sent = request.headers[METRICS_KEY_HEADER];
    if (expected && typeof sent === 'string' && timingSafeEqual(digest(sent), expected)) {
      done();
      return;
    }
    const body = toErrorBody(new DomainError(ErrorCode.ADMIN_KEY_INVALID, 'GET /metrics needs X-Metrics-Key'), String(request.id));
    void reply.code(body.statusCode).send(body);
  });
}
