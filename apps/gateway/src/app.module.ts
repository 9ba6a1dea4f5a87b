import { ConfigModule, HealthModule, LoggingModule, MetricsController, RedisHealthProbe, RedisModule } from '@concert/platform';
import { type DynamicModule, Module } from '@nestjs/common';
import { AccessModule } from './access/access.module';
import { gatewayControllers } from './api/gateway-controllers';
import { ClockModule } from './clock';
import type { GatewayConfig } from './gateway.config';
import { upstreamHealthProbeToken } from './proxy/upstream-health.probe';
import { UpstreamModule } from './proxy/upstream.module';
import { UPSTREAM_SERVICES } from './proxy/upstream-service';
import { DevAuthController } from './identity/auth.controller';

@Module({})
export class AppModule {
  static forRoot(config: GatewayConfig): DynamicModule {
    return {
      module: AppModule,
      imports: [
        ConfigModule.forRoot(config),
        LoggingModule.forRoot({ service: 'gateway', level: config.LOG_LEVEL, pretty: config.NODE_ENV === 'development' }),
        RedisModule.forRoot('gateway'),
        ClockModule,
        UpstreamModule,
        AccessModule,
        HealthModule.forRoot({
          probes: [RedisHealthProbe, ...UPSTREAM_SERVICES.map(upstreamHealthProbeToken)],
          imports: [UpstreamModule],
          publicAnswer: true,
        }),
      ],
      controllers: [...gatewayControllers, ...(config.AUTH_DEV_LOGIN ? [DevAuthController] : []), MetricsController],
    };
  }
}
