/**
 * `npm run generate:api-client`: generates the TypeScript types of the public API, used with
 * openapi-fetch's `createClient<paths>()`, from the recorded OpenAPI document, docs/openapi.json,
 * into web/src/api/schema.ts: the web page's client uses it, and the tests' typed client takes the
 * same types through test/e2e/support/api-types.ts. A unit test fails when the committed file
 * differs from what this generates, and an end-to-end test fails when the running gateway's
 * /docs-json differs from docs/openapi.json: so neither typed client can drift from the API.
 *
 * `--stdout <file>` prints the generated content of one of them instead of writing them (the unit
 * test compares it with the committed one; it runs this in a child process because
 * openapi-typescript loads an ES-module-only dependency that Jest's CommonJS runtime cannot).
 */
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import openapiTS, { astToString } from 'openapi-typescript';

const ROOT = path.resolve(__dirname, '..', '..');
export const OPENAPI_SOURCE_FILE = path.join(ROOT, 'docs', 'openapi.json');

/** The generated files (relative to the repository) and what each one's types are for. */
export const API_TYPES_FILES = {
  'web/src/api/schema.ts': "the types of the public API for openapi-fetch's `createClient<paths>()`: the web page's client (web/src/api/api-client.ts) and the tests' (test/e2e/support/api-types.ts)",
} as const;

export type ApiTypesFile = keyof typeof API_TYPES_FILES;

function headerOf(file: ApiTypesFile): string {
  return ['/**', ' * generated from docs/openapi.json by npm run generate:api-client; do not edit', ` * (${API_TYPES_FILES[file]}).`, ' */', ''].join('\n');
}

/** The content `file` must have for the given OpenAPI document (JSON text). */
export async function generateApiTypes(file: ApiTypesFile, openapiJson: string = readFileSync(OPENAPI_SOURCE_FILE, 'utf8')): Promise<string> {
  const ast = await openapiTS(openapiJson, { silent: true });
  return `${headerOf(file)}\n${astToString(ast).trimEnd()}\n`;
}

function isApiTypesFile(file: string | undefined): file is ApiTypesFile {
  return file !== undefined && file in API_TYPES_FILES;
}

async function main(): Promise<void> {
  const stdout = process.argv.indexOf('--stdout');
  if (stdout >= 0) {
    const file = process.argv[stdout + 1];
    if (!isApiTypesFile(file)) throw new Error(`--stdout takes one of: ${Object.keys(API_TYPES_FILES).join(', ')}`);
    process.stdout.write(await generateApiTypes(file));
    return;
  }
  for (const file of Object.keys(API_TYPES_FILES) as ApiTypesFile[]) {
    writeFileSync(path.join(ROOT, file), await generateApiTypes(file));
    process.stdout.write(`wrote ${file}\n`);
  }
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
