import { APP_CONFIG } from '@concert/platform';
import { Inject, Injectable, type OnApplicationShutdown } from '@nestjs/common';
import { Pool } from 'undici';
import { CLOCK, type Clock } from '../clock';
import type { GatewayConfig } from '../gateway.config';
import { UpstreamGroup } from './upstream-group';
import { UPSTREAM_SERVICES, type UpstreamService, upstreamUrlsOf } from './upstream-service';

/**
 * One replica of a backend service: its base URL, its keep-alive connection pool for requests,
 * and a pool without a connection limit for event streams. A stream holds its connection for as
 * long as the client listens: on the request pool, UPSTREAM_CONNECTIONS open streams would leave
 * every other request of that replica queued behind them.
 */
export interface UpstreamReplica {
  readonly url: string;
  readonly pool: Pool;
  readonly streams: Pool;
}

/** The replicas of every service, what the proxy and the health probes call. */
export interface UpstreamGroups {
  group(service: UpstreamService): UpstreamGroup<UpstreamReplica>;
}

/** Connection pools of every replica of every service, grouped per service for round-robin. */
@Injectable()
export class UpstreamRegistry implements UpstreamGroups, OnApplicationShutdown {
  private readonly groups = new Map<UpstreamService, UpstreamGroup<UpstreamReplica>>();

  constructor(@Inject(APP_CONFIG) config: GatewayConfig, @Inject(CLOCK) clock: Clock) {
    for (const service of UPSTREAM_SERVICES) {
      const replicas = upstreamUrlsOf(config, service).map((url) => ({ url, pool: createPool(url, config), streams: createStreamPool(url, config) }));
      this.groups.set(service, new UpstreamGroup(replicas, clock));
    }
  }

  group(service: UpstreamService): UpstreamGroup<UpstreamReplica> {
    const group = this.groups.get(service);
    if (!group) throw new Error(`No upstream group for ${service}`);
    return group;
  }

  async onApplicationShutdown(): Promise<void> {
    const pools = [...this.groups.values()].flatMap((group) => group.members.flatMap((replica) => [replica.pool, replica.streams]));
    await Promise.all(pools.map((pool) => pool.destroy().catch(() => undefined)));
  }
}

function createPool(url: string, config: GatewayConfig): Pool {
  return new Pool(new URL(url).origin, {
    connections: config.UPSTREAM_CONNECTIONS,
    // One request per connection at a time: a slow answer never holds up the ones queued behind it.
    pipelining: 1,
    keepAliveTimeout: 30_000,
    // Services (Fastify, platform settings) keep idle connections 65 s; stay below that.
    keepAliveMaxTimeout: 60_000,
    connectTimeout: Math.min(2_000, config.UPSTREAM_TIMEOUT_MS),
    headersTimeout: config.UPSTREAM_TIMEOUT_MS,
    bodyTimeout: config.UPSTREAM_TIMEOUT_MS,
  });
}

/** One connection per open event stream, as many as there are streams; none kept once a stream ends. */
function createStreamPool(url: string, config: GatewayConfig): Pool {
  return new Pool(new URL(url).origin, {
    connections: null,
    pipelining: 0,
    connectTimeout: Math.min(2_000, config.UPSTREAM_TIMEOUT_MS),
    headersTimeout: config.UPSTREAM_TIMEOUT_MS,
    bodyTimeout: 0,
  });
}
