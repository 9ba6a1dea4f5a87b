import type { HealthProbe } from '@concert/platform';
import type { UpstreamRegistry, UpstreamReplica } from './upstream-registry';
import type { UpstreamService } from './upstream-service';

const PROBE_TIMEOUT_MS = 1_500;

/** /health of one backend service: every replica must answer its own /health with 200; the message names those that do not. */
export class UpstreamHealthProbe implements HealthProbe {
  constructor(
    readonly name: UpstreamService,
    private readonly registry: UpstreamRegistry,
  ) {}

  async check(): Promise<void> {
    const replicas = this.registry.group(this.name).members;
    const problems = (await Promise.all(replicas.map((replica) => problemOf(replica)))).filter((problem) => problem !== undefined);
    if (problems.length > 0) {
      throw new Error(`${problems.length} of ${replicas.length} replica(s) down: ${problems.join('; ')}`);
    }
  }
}

async function problemOf(replica: UpstreamReplica): Promise<string | undefined> {
  try {
    const response = await replica.pool.request({
      path: '/health',
      method: 'GET',
      headersTimeout: PROBE_TIMEOUT_MS,
      bodyTimeout: PROBE_TIMEOUT_MS,
    });
    await response.body.dump();
    return response.statusCode === 200 ? undefined : `${replica.url} answered ${response.statusCode}`;
  } catch (error) {
    const code = (error as { code?: unknown }).code;
    return `${replica.url} unreachable (${typeof code === 'string' ? code : error instanceof Error ? error.message : 'error'})`;
  }
}

export const upstreamHealthProbeToken = (service: UpstreamService): string => `gateway:health-probe:${service}`;
