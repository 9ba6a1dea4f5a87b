import { type CanActivate, type ExecutionContext, Inject, Injectable, type OnModuleInit } from '@nestjs/common';
import { HttpAdapterHost } from '@nestjs/core';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { DomainError, ErrorCode } from '@concert/contracts';
import { APP_CONFIG } from '../config/config.module';
import { toErrorBody } from '../errors/global-exception.filter';
import { ADMIN_KEY_HEADER, AdminKey } from './admin-key';

/** What a service serving admin routes configures. */
export interface AdminKeyConfig {
  ADMIN_API_KEY: string;
}

const ADMIN_ROUTE_PREFIX = '/api/v1/admin/';

function refusal(): DomainError {
  return new DomainError(ErrorCode.ADMIN_KEY_INVALID, 'X-Admin-Key is missing or wrong');
}

/** Admin routes: the right X-Admin-Key (checked by the gateway first, and again by the service), else 401 ADMIN_KEY_INVALID. */
@Injectable()
export class AdminKeyGuard implements CanActivate {
  private readonly key: AdminKey;

  constructor(@Inject(APP_CONFIG) config: AdminKeyConfig) {
    this.key = new AdminKey(config.ADMIN_API_KEY);
  }

  canActivate(context: ExecutionContext): boolean {
    const request = context.switchToHttp().getRequest<FastifyRequest>();
    if (!this.key.matches(request.headers[ADMIN_KEY_HEADER])) throw refusal();
    return true;
  }
}

/**
 * The same check as an onRequest hook for every path under /api/v1/admin/, so it also runs BEFORE
 * Fastify parses the body: a wrong key is 401 even when the body is malformed or oversized (guards
 * only run after parsing), and an unauthenticated body is never parsed.
 */
@Injectable()
export class AdminKeyRequestHook implements OnModuleInit {
  private readonly key: AdminKey;

  constructor(
    private readonly adapterHost: HttpAdapterHost,
    @Inject(APP_CONFIG) config: AdminKeyConfig,
  ) {
    this.key = new AdminKey(config.ADMIN_API_KEY);
  }

  onModuleInit(): void {
    const fastify = this.adapterHost.httpAdapter?.getInstance<FastifyInstance>();
    if (!fastify) return;
    fastify.addHook('onRequest', (request, reply, done) => {
      const path = request.url.split('?', 1)[0].toLowerCase();
      if (!(path.startsWith(ADMIN_ROUTE_PREFIX) || path === ADMIN_ROUTE_PREFIX.slice(0, -1)) || this.key.matches(request.headers[ADMIN_KEY_HEADER])) {
        done();
        return;
      }
      const body = toErrorBody(refusal(), String(request.id));
      void reply.code(body.statusCode).header('content-type', 'application/json; charset=utf-8').send(body);
    });
  }
}
