import type { StartedTestInfra } from '../test-infra/started-test-infra';
import { STARTED_TEST_INFRA } from './global-setup';

/** Stops the containers the global setup started (the local processes stay up for the next run). */
export default async function globalTeardown(): Promise<void> {
  await (globalThis as Record<symbol, StartedTestInfra | undefined>)[STARTED_TEST_INFRA]?.stop();
}
