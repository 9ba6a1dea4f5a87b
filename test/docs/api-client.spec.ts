import { execFile } from 'node:child_process';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { promisify } from 'node:util';

const ROOT = path.resolve(__dirname, '..', '..');
const SCRIPT = path.join(ROOT, 'scripts', 'docs', 'generate-api-client.ts');
const API_TYPES_FILE = path.join(ROOT, 'test', 'e2e', 'support', 'api-types.ts');

/**
 * The typed client's types (test/e2e/support/api-types.ts) are exactly what openapi-typescript
 * generates from docs/openapi.json, which the contract e2e test holds equal to the live
 * /docs-json: so the typed client cannot drift from the API.
 *
 * The generator runs in a child process (`--stdout`: generated in memory, nothing written) because
 * openapi-typescript loads an ES-module-only dependency that Jest's CommonJS runtime cannot.
 */
describe('generated API client types', () => {
  it('are up to date with docs/openapi.json', async () => {
    const { stdout } = await promisify(execFile)(process.execPath, ['-r', '@swc-node/register', SCRIPT, '--stdout'], {
      cwd: ROOT,
      maxBuffer: 16 * 1024 * 1024,
    });
    const committed = readFileSync(API_TYPES_FILE, 'utf8');
    if (committed !== stdout) {
      throw new Error('test/e2e/support/api-types.ts is out of date with docs/openapi.json: run npm run generate:api-client (and commit the result)');
    }
    expect(committed).toBe(stdout);
  }, 60_000);
});
