import { execFile } from 'node:child_process';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { promisify } from 'node:util';

const ROOT = path.resolve(__dirname, '..', '..');
const SCRIPT = path.join(ROOT, 'scripts', 'docs', 'generate-api-client.ts');
/** The generated types, shared by the web page's typed client and the tests' (test/e2e/support/api-types.ts re-exports them). */
const API_TYPES_FILES = ['web/src/api/schema.ts'];

/**
 * The typed clients' types (web/src/api/schema.ts, which test/e2e/support/api-types.ts re-exports) are exactly what
 * openapi-typescript generates from docs/openapi.json, which the contract e2e test holds equal to
 * the live /docs-json: so neither typed client can drift from the API.
 *
 * The generator runs in a child process (`--stdout`: generated in memory, nothing written) because
 * openapi-typescript loads an ES-module-only dependency that Jest's CommonJS runtime cannot.
 */
describe('generated API client types', () => {
  it.each(API_TYPES_FILES)('%s is up to date with docs/openapi.json', async (file) => {
    const { stdout } = await promisify(execFile)(process.execPath, ['-r', '@swc-node/register', SCRIPT, '--stdout', file], {
      cwd: ROOT,
      maxBuffer: 16 * 1024 * 1024,
    });
    const committed = readFileSync(path.join(ROOT, file), 'utf8');
    if (committed !== stdout) {
      throw new Error(`${file} is out of date with docs/openapi.json: run npm run generate:api-client (and commit the result)`);
    }
    expect(committed).toBe(stdout);
  }, 60_000);
});
