import { probeDockerEngine } from './docker-engine';
import { useLocalInfra } from './local-provider';
import { chooseTestInfraProvider, type TestInfraChoice } from './provider-choice';
import type { StartedTestInfra } from './started-test-infra';

/** Chooses the provider (TEST_INFRA, else whether Docker answers) and says which and why. */
export async function chooseForThisRun(log: (line: string) => void = (line) => process.stdout.write(`${line}\n`)): Promise<TestInfraChoice> {
  const choice = chooseTestInfraProvider(process.env['TEST_INFRA'], await probeDockerEngine());
  log(`[test-infra] ${choice.provider}: ${choice.reason}`);
  return choice;
}

/** Brings up the chosen infrastructure and puts its variables in process.env, which every test and spawned process inherits. */
export async function prepareTestInfra(repoRoot: string): Promise<StartedTestInfra> {
  const choice = await chooseForThisRun();
  // testcontainers is loaded only when it is used.
  const started = choice.provider === 'containers' ? await (await import('./container-provider')).startTestContainers(repoRoot) : await useLocalInfra(repoRoot);
  Object.assign(process.env, started.env);
  return started;
}
