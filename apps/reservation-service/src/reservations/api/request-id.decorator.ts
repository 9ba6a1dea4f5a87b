import { createParamDecorator, type ExecutionContext } from '@nestjs/common';
import type { FastifyRequest } from 'fastify';

/** The request id Fastify assigned (echoed x-request-id or a new one), carried into events. */
export const RequestId = createParamDecorator((_: unknown, context: ExecutionContext): string => {
  return String(context.switchToHttp().getRequest<FastifyRequest>().id);
});
