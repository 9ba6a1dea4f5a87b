/**
 * `npm run docs:openapi`: writes the gateway's OpenAPI document (the whole public API) to
 * docs/openapi.json. An end-to-end test fails when the running gateway's /docs-json differs.
 */
import 'reflect-metadata';
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { loadConfig } from '@concert/platform';
import { createGatewayApp } from '../../apps/gateway/src/gateway.app';
import { gatewayConfigSchema } from '../../apps/gateway/src/gateway.config';

export const OPENAPI_FILE = path.resolve(__dirname, '..', '..', 'docs', 'openapi.json');

async function main(): Promise<void> {
  const app = await createGatewayApp(loadConfig(gatewayConfigSchema, { LOG_LEVEL: 'error', NODE_ENV: 'test' }));
  await app.init();
  await app.getHttpAdapter().getInstance().ready();
  const response = await app.inject({ method: 'GET', url: '/docs-json' });
  await app.close();
  if (response.statusCode !== 200) throw new Error(`/docs-json answered ${response.statusCode}`);
  writeFileSync(OPENAPI_FILE, `${JSON.stringify(JSON.parse(response.body), null, 2)}\n`);
  process.stdout.write(`wrote ${path.relative(process.cwd(), OPENAPI_FILE)}\n`);
}

main().then(
  () => process.exit(0),
  (error: unknown) => {
    process.stderr.write(`export failed: ${error instanceof Error ? error.message : String(error)}\n`);
    process.exit(1);
  },
);
