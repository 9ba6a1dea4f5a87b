import { Controller, Get, Inject, Logger, Req, Res, ServiceUnavailableException } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import { type HealthCheckResult, HealthCheckService, HealthIndicatorService } from '@nestjs/terminus';
import { ErrorCode } from '@concert/contracts';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { HEALTH_PROBES, HEALTH_PUBLIC_ANSWER, type HealthProbe, withTimeout } from './health-probe';

/**
 * GET /health (terminus): 200 when every dependency answers; otherwise 503 in the contract's
 * error body, its message naming each dependency that is down and `details` every probe's result.
 */
@ApiExcludeController()
@Controller()
export class HealthController {
  private readonly logger = new Logger(HealthController.name);

  constructor(
    private readonly health: HealthCheckService,
    private readonly indicators: HealthIndicatorService,
    @Inject(HEALTH_PROBES) private readonly probes: HealthProbe[],
    @Inject(HEALTH_PUBLIC_ANSWER) private readonly publicAnswer: boolean,
  ) {}

  @Get('health')
  async check(@Req() request: FastifyRequest, @Res() reply: FastifyReply): Promise<void> {
    try {
      await reply.status(200).send(await this.health.check(this.checks()));
    } catch (error) {
      if (!(error instanceof ServiceUnavailableException)) throw error;
      const result = error.getResponse() as HealthCheckResult;
      const down = Object.entries(result.error ?? {}).map(([name, detail]) => {
        const message = (detail as { message?: unknown }).message;
        return `${name} (${typeof message === 'string' ? message : 'down'})`;
      });
      await reply.status(503).send({
        statusCode: 503,
        code: ErrorCode.SERVICE_UNAVAILABLE,
        message: `Unhealthy: ${down.join(', ')}`,
        requestId: String(request.id),
        details: result.details,
      });
    }
  }

  private checks() {
    return this.probes.map((probe) => async () => {
      const indicator = this.indicators.check(probe.name);
      try {
        await withTimeout(probe.check(), 2_000, probe.name);
        return indicator.up();
      } catch (error) {
        const message = error instanceof Error ? error.message : String(error);
        if (!this.publicAnswer) return indicator.down({ message });
        this.logger.warn({ dependency: probe.name, message }, 'dependency down');
        return indicator.down();
      }
    });
  }
}
