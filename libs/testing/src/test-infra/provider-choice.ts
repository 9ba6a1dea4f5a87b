/** Where `npm test` gets Postgres, Redis and Kafka from. */
export type TestInfraProvider = 'containers' | 'local';

/** Whether a Docker engine answers, and what was asked (for the message). */
export interface DockerEngineProbe {
  available: boolean;
  /** e.g. "unix:///var/run/docker.sock answered /_ping" or "unix:///var/run/docker.sock: ENOENT". */
  detail: string;
}

export interface TestInfraChoice {
  provider: TestInfraProvider;
  /** One line saying why, printed by the setup. */
  reason: string;
}

/**
 * The provider for this run: `TEST_INFRA` when set (`containers` or `local`), else testcontainers
 * when a Docker engine answers and the local processes the scripts start when none does. Forcing
 * containers without an engine is an error, not a silent fallback.
 */
export function chooseTestInfraProvider(forced: string | undefined, docker: DockerEngineProbe): TestInfraChoice {
  const wanted = forced?.trim().toLowerCase();
  if (wanted === 'local') return { provider: 'local', reason: 'TEST_INFRA=local' };
  if (wanted === 'containers') {
    if (!docker.available) throw new Error(`TEST_INFRA=containers, but no Docker engine answers (${docker.detail})`);
    return { provider: 'containers', reason: `TEST_INFRA=containers; ${docker.detail}` };
  }
  if (wanted) throw new Error(`TEST_INFRA must be "containers" or "local", not "${forced}"`);
  return docker.available
    ? { provider: 'containers', reason: `a Docker engine answers (${docker.detail})` }
    : { provider: 'local', reason: `no Docker engine answers (${docker.detail}): the local processes of scripts/infra` };
}
