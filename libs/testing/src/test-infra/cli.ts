/**
 * `npm test`'s infrastructure stage: says which provider this run uses and why. With the local
 * one it runs scripts/infra/up.sh (starting whatever is missing, creating the topics); with
 * testcontainers there is nothing to do yet, as each Jest run's global setup starts the containers.
 */
import * as path from 'node:path';
import { useLocalInfra } from './local-provider';
import { chooseForThisRun } from './prepare-test-infra';

const repoRoot = path.resolve(__dirname, '..', '..', '..', '..');

async function main(): Promise<void> {
  const choice = await chooseForThisRun();
  if (choice.provider === 'containers') {
    process.stdout.write("[test-infra] Postgres, Redis and Kafka start in each Jest run's global setup (testcontainers)\n");
    return;
  }
  await useLocalInfra(repoRoot, { always: true });
}

main().catch((error: unknown) => {
  process.stderr.write(`[test-infra] ${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});
