import { Injectable } from '@nestjs/common';
import type { FastifyRequest } from 'fastify';
import type { AdminFailureLimiter } from './rate-limits';

/**
 * Failed admin keys per client, counted by the rate limiter (rate-limits.ts) once the app has
 * registered it; until then, and with the limits off, nothing is refused.
 */
@Injectable()
export class AdminKeyFailures {
  private limiter: AdminFailureLimiter = async () => true;

  use(limiter: AdminFailureLimiter): void {
    this.limiter = limiter;
  }

  /** Counts one failure; false once the client is over its budget for them. */
  withinBudget(request: FastifyRequest): Promise<boolean> {
    return this.limiter(request);
  }
}
