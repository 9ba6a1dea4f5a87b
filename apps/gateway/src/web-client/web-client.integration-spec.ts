import { randomUUID } from 'node:crypto';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { loadConfig } from '@concert/platform';
import { testInfra } from '@concert/testing';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { createGatewayApp } from '../gateway.app';
import { gatewayConfigSchema } from '../gateway.config';

const PAGE = '<!doctype html><html lang="en"><head><script type="module" src="/assets/buyer-ABC123.js"></script></head><body><div id="app"></div></body></html>';

async function startGateway(webClientDir: string): Promise<{ app: NestFastifyApplication; url: string }> {
  const config = loadConfig(gatewayConfigSchema, {
    NODE_ENV: 'test',
    LOG_LEVEL: 'silent',
    REDIS_URL: testInfra.redisUrl,
    REDIS_KEY_PREFIX: `it:web-client:${randomUUID()}:`,
    RATE_LIMIT_PER_CLIENT_PER_SECOND: '0',
    WEB_CLIENT_DIR: webClientDir,
  });
  const app = await createGatewayApp(config);
  await app.listen(0, '127.0.0.1');
  return { app, url: `http://127.0.0.1:${(app.getHttpServer().address() as AddressInfo).port}` };
}

/**
 * The gateway serves the built pages (a stand-in build in a temporary folder) at / and
 * /organizer with their security headers and cache rules, and everything else as before.
 */
describe('web client served by the gateway', () => {
  const built = mkdtempSync(path.join(tmpdir(), 'web-client-'));
  let gateway: { app: NestFastifyApplication; url: string };
  let unbuilt: { app: NestFastifyApplication; url: string };

  beforeAll(async () => {
    mkdirSync(path.join(built, 'assets'));
    writeFileSync(path.join(built, 'index.html'), PAGE);
    writeFileSync(path.join(built, 'organizer.html'), PAGE.replace('buyer', 'organizer'));
    writeFileSync(path.join(built, 'assets', 'buyer-ABC123.js'), 'console.log("buyer");');
    gateway = await startGateway(built);
    unbuilt = await startGateway(path.join(built, 'missing'));
  });

  afterAll(async () => {
    await Promise.all([gateway?.app.close(), unbuilt?.app.close()]);
    rmSync(built, { recursive: true, force: true });
  });

  it.each(['/', '/organizer'])('serves %s as HTML that is revalidated on every visit, with a strict CSP', async (url) => {
    const response = await fetch(`${gateway.url}${url}`);

    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('text/html; charset=utf-8');
    expect(response.headers.get('cache-control')).toBe('no-cache');
    const csp = response.headers.get('content-security-policy') ?? '';
    expect(csp).toContain("default-src 'none'");
    expect(csp).toContain("script-src 'self'");
    expect(csp).toContain("connect-src 'self'");
    expect(csp).toContain("frame-ancestors 'none'");
    expect(csp).not.toContain('unsafe-inline');
    expect(csp).not.toContain('upgrade-insecure-requests');
    expect(response.headers.get('x-frame-options')).toBe('DENY');
    expect(response.headers.get('x-content-type-options')).toBe('nosniff');
    expect(response.headers.get('referrer-policy')).toBe('no-referrer');
    expect(response.headers.get('cross-origin-opener-policy')).toBe('same-origin');
    expect(response.headers.get('permissions-policy')).toContain('camera=()');
    expect(response.headers.get('x-request-id')).toBeTruthy();
    await expect(response.text()).resolves.toContain('<div id="app">');
  });

  it('answers 304 to a page the browser already has', async () => {
    const first = await fetch(`${gateway.url}/`);
    const etag = first.headers.get('etag') ?? '';
    expect(etag).toMatch(/^".+"$/);

    const again = await fetch(`${gateway.url}/`, { headers: { 'if-none-match': etag } });

    expect(again.status).toBe(304);
  });

  it('serves hashed assets as immutable for a year, and an unknown one as the API 404s', async () => {
    const asset = await fetch(`${gateway.url}/assets/buyer-ABC123.js`);
    expect(asset.status).toBe(200);
    expect(asset.headers.get('content-type')).toContain('javascript');
    expect(asset.headers.get('cache-control')).toBe('public, max-age=31536000, immutable');

    const missing = await fetch(`${gateway.url}/assets/nothing-here.js`);
    expect(missing.status).toBe(404);
    await expect(missing.json()).resolves.toMatchObject({ statusCode: 404, code: 'ROUTE_NOT_FOUND' });
  });

  it('leaves the API, its 404s and Swagger UI as they were', async () => {
    const unknown = await fetch(`${gateway.url}/api/v1/no-such-thing`);
    expect(unknown.status).toBe(404);
    expect(unknown.headers.get('content-security-policy')).toBeNull();
    await expect(unknown.json()).resolves.toMatchObject({ statusCode: 404, code: 'ROUTE_NOT_FOUND' });

    const docs = await fetch(`${gateway.url}/docs`);
    expect(docs.status).toBe(200);
    expect(docs.headers.get('content-security-policy')).toBeNull();
    await expect(docs.text()).resolves.toContain('swagger');
    const document = await fetch(`${gateway.url}/docs-json`);
    expect(document.status).toBe(200);
    expect(Object.keys(((await document.json()) as { paths: object }).paths)).toContain('/api/v1/concerts');

    const health = await fetch(`${gateway.url}/health`);
    expect(health.headers.get('content-type')).toContain('application/json');
  });

  it('answers 503 with the contract body for pages that were never built', async () => {
    const response = await fetch(`${unbuilt.url}/`);

    expect(response.status).toBe(503);
    await expect(response.json()).resolves.toMatchObject({ statusCode: 503, code: 'SERVICE_UNAVAILABLE' });
    const api = await fetch(`${unbuilt.url}/api/v1/no-such-thing`);
    expect(api.status).toBe(404);
  });
});
