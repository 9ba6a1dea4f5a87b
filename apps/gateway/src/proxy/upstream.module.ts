import { Module } from '@nestjs/common';
import { UpstreamHealthProbe, upstreamHealthProbeToken } from './upstream-health.probe';
import { UpstreamProxy } from './upstream-proxy';
import { UpstreamRegistry } from './upstream-registry';
import { UPSTREAM_SERVICES } from './upstream-service';

const healthProbes = UPSTREAM_SERVICES.map((service) => ({
  provide: upstreamHealthProbeToken(service),
  inject: [UpstreamRegistry],
  useFactory: (registry: UpstreamRegistry) => new UpstreamHealthProbe(service, registry),
}));

/** Connection pools to the backend services, the proxy over them, and one health probe per service. */
@Module({
  providers: [UpstreamRegistry, UpstreamProxy, ...healthProbes],
  exports: [UpstreamProxy, ...healthProbes.map((probe) => probe.provide)],
})
export class UpstreamModule {}
