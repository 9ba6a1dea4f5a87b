import type { HealthProbe } from '@concert/platform';
import { discardAnswer, strangerOf } from './system-identity';
import type { UpstreamGroups, UpstreamReplica } from './upstream-registry';
import type { UpstreamService } from './upstream-service';

const PROBE_TIMEOUT_MS = 1_500;

/**
 * /health of one backend service: every replica must answer its own /health with 200, and, when
 * the gateway has a SYSTEM_ID, as this system (a stranger holding a replica's port is down); the
 * message names those that do not.
 */
export class UpstreamHealthProbe implements HealthProbe {
  constructor(
    readonly name: UpstreamService,
    private readonly registry: UpstreamGroups,
    private readonly systemId: string | undefined,
  ) {}

  async check(): Promise<void> {
    const replicas = this.registry.group(this.name).members;
    const problems = (await Promise.all(replicas.map((replica) => this.problemOf(replica)))).filter((problem) => problem !== undefined);
    if (problems.length > 0) {
      throw new Error(`${problems.length} of ${replicas.length} replica(s) down: ${problems.join('; ')}`);
    }
  }

  private async problemOf(replica: UpstreamReplica): Promise<string | undefined> {
    try {
      const response = await replica.pool.request({
        path: '/health',
        method: 'GET',
        headersTimeout: PROBE_TIMEOUT_MS,
        bodyTimeout: PROBE_TIMEOUT_MS,
      });
      const stranger = strangerOf(response.headers, this.systemId);
      // A stranger's body is not worth reading, nor its connection worth keeping.
      if (stranger !== undefined) {
        discardAnswer(response.body);
        return `${replica.url} ${stranger}`;
      }
      await response.body.dump();
      return response.statusCode === 200 ? undefined : `${replica.url} answered ${response.statusCode}`;
    } catch (error) {
      const code = (error as { code?: unknown }).code;
      return `${replica.url} unreachable (${typeof code === 'string' ? code : error instanceof Error ? error.message : 'error'})`;
    }
  }
}

export const upstreamHealthProbeToken = (service: UpstreamService): string => `gateway:health-probe:${service}`;
