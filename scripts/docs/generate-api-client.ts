/**
 * `npm run generate:api-client`: generates the TypeScript types of the public API
 * (test/e2e/support/api-types.ts, used with openapi-fetch's `createClient<paths>()`) from the
 * recorded OpenAPI document, docs/openapi.json. A unit test fails when the committed file differs
 * from what this generates, and an end-to-end test fails when the running gateway's /docs-json
 * differs from docs/openapi.json: so the typed client cannot drift from the API.
 *
 * `--stdout` prints the generated file instead of writing it (the unit test compares it with the
 * committed one; it runs this in a child process because openapi-typescript loads an ES-module-only
 * dependency that Jest's CommonJS runtime cannot).
 */
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import openapiTS, { astToString } from 'openapi-typescript';

const ROOT = path.resolve(__dirname, '..', '..');
export const OPENAPI_SOURCE_FILE = path.join(ROOT, 'docs', 'openapi.json');
export const API_TYPES_FILE = path.join(ROOT, 'test', 'e2e', 'support', 'api-types.ts');

const HEADER = [
  '/**',
  ' * generated from docs/openapi.json by npm run generate:api-client; do not edit',
  ' * (the types of the public API, for openapi-fetch: `createClient<paths>()`).',
  ' */',
  '',
].join('\n');

/** The content api-types.ts must have for the given OpenAPI document (JSON text). */
export async function generateApiTypes(openapiJson: string = readFileSync(OPENAPI_SOURCE_FILE, 'utf8')): Promise<string> {
  const ast = await openapiTS(openapiJson, { silent: true });
  return `${HEADER}\n${astToString(ast).trimEnd()}\n`;
}

async function main(): Promise<void> {
  const content = await generateApiTypes();
  if (process.argv.includes('--stdout')) {
    process.stdout.write(content);
    return;
  }
  writeFileSync(API_TYPES_FILE, content);
  process.stdout.write(`wrote ${path.relative(process.cwd(), API_TYPES_FILE)}\n`);
}

if (require.main === module) {
  main().then(
    () => process.exit(0),
    (error: unknown) => {
      process.stderr.write(`generation failed: ${error instanceof Error ? error.message : String(error)}\n`);
      process.exit(1);
    },
  );
}
