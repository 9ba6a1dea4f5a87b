import * as path from 'node:path';
import { prepareTestInfra } from '../test-infra/prepare-test-infra';
import type { StartedTestInfra } from '../test-infra/started-test-infra';

/** Read back by the global teardown (Jest gives both the same global scope). */
export const STARTED_TEST_INFRA = Symbol.for('concert.testInfra');

/**
 * Before the integration or e2e tests: Postgres, Redis and Kafka from testcontainers where a Docker
 * engine answers, else the local processes (started when they do not answer); `TEST_INFRA`
 * forces either. Their URLs go into process.env for the tests and every process they spawn.
 */
export default async function globalSetup(): Promise<void> {
  const started = await prepareTestInfra(path.resolve(__dirname, '..', '..', '..', '..'));
  (globalThis as Record<symbol, StartedTestInfra | undefined>)[STARTED_TEST_INFRA] = started;
}
