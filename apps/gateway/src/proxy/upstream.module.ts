import { APP_CONFIG } from '@concert/platform';
import { Module } from '@nestjs/common';
import type { GatewayConfig } from '../gateway.config';
import { UpstreamHealthProbe, upstreamHealthProbeToken } from './upstream-health.probe';
import { UpstreamProxy } from './upstream-proxy';
import { UpstreamRegistry } from './upstream-registry';
import { UPSTREAM_SERVICES } from './upstream-service';

const healthProbes = UPSTREAM_SERVICES.map((service) => ({
  provide: upstreamHealthProbeToken(service),
  inject: [UpstreamRegistry, APP_CONFIG],
  useFactory: (registry: UpstreamRegistry, config: GatewayConfig) => new UpstreamHealthProbe(service, registry, config.SYSTEM_ID),
}));

/** Connection pools to the backend services, the proxy over them, and one health probe per service. */
@Module({
  providers: [UpstreamRegistry, UpstreamProxy, ...healthProbes],
  exports: [UpstreamProxy, ...healthProbes.map((probe) => probe.provide)],
})
export class UpstreamModule {}
