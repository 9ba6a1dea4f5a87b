import type { DynamicModule, INestApplication, Type } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { FastifyAdapter, type NestFastifyApplication } from '@nestjs/platform-fastify';
import { DocumentBuilder, type OpenAPIObject, SwaggerModule } from '@nestjs/swagger';
import type { FastifyError, FastifyReply, FastifyRequest } from 'fastify';
import { Logger } from 'nestjs-pino';
import { DomainError, ErrorCode } from '@concert/contracts';
import { assertionKeysOf, type BaseConfig, type ProcessRole } from '../config/config';
import { APP_CONFIG } from '../config/config.module';
import { GlobalExceptionFilter, toErrorBody } from '../errors/global-exception.filter';
import { requireCallerAssertions } from '../identity/caller';
import { exitWithSupervisor } from '../process/supervisor-watch';
import { collectProcessMetrics, httpRequestDuration } from '../metrics/metrics';
import { BODY_SCHEMA_AJV } from './body-schema';
import { answerClientError } from './client-errors';
import { useJsonBodies } from './json-body';
import { REQUEST_ID_HEADER, requestIdOf } from './request-id';
import { createValidationPipe } from './validation';

export const BODY_LIMIT_BYTES = 1_048_576;

/**
 * The header every process answers with when SYSTEM_ID is set: which start of the system it
 * belongs to. The gateway and the supervisor accept a process only when it answers as their own
 * system, so a stranger holding the port (an orphan of an earlier start) is a failed upstream.
 */
export const SYSTEM_ID_HEADER = 'x-system-id';

export interface HttpAppOptions {
  service: string;
  port: number;
  host: string;
  /** Serve Swagger UI at /docs and the document at /docs-json. */
  swagger?: { title: string; description: string; version?: string; decorate?: (builder: DocumentBuilder) => DocumentBuilder };
  /**
   * The public entry (the gateway) authenticates callers itself; every other process believes
   * only the gateway's caller assertions (identity/caller.ts).
   */
  publicEntry?: boolean;
  /** Fastify's trustProxy: which proxies in front may set X-Forwarded-For (the public entry only). */
  trustProxy?: boolean | number | string[];
}

/** Fastify adapter with the contract's request id, body limit and error handling. */
export function createFastifyAdapter(options: { trustProxy?: boolean | number | string[] } = {}): FastifyAdapter {
  const adapter = new FastifyAdapter({
    // A hop count becomes the function proxy-addr takes: trust that many proxies in front.
    trustProxy: typeof options.trustProxy === 'number' ? trustHops(options.trustProxy) : (options.trustProxy ?? false),
    bodyLimit: BODY_LIMIT_BYTES,
    genReqId: requestIdOf,
    requestIdHeader: false,
    logger: false,
    keepAliveTimeout: 65_000,
    // On shutdown, idle keep-alive connections are closed instead of holding close() open.
    forceCloseConnections: 'idle',
    ajv: BODY_SCHEMA_AJV,
    // Refusals raised before routing (a URL that is not valid percent-encoding, a path segment
    // over 100 characters) and by the HTTP parser itself get the contract's body too.
    frameworkErrors: (error: FastifyError, request: FastifyRequest, reply: FastifyReply) => {
      const body = toErrorBody(error, String(request.id));
      void reply.code(body.statusCode).header(REQUEST_ID_HEADER, request.id).header('content-type', 'application/json; charset=utf-8').send(body);
    },
    clientErrorHandler: answerClientError,
  });
  const fastify = adapter.getInstance();
  fastify.addHook('onRequest', (request, reply, done) => {
    void reply.header(REQUEST_ID_HEADER, request.id);
    done();
  });
  fastify.addHook('onResponse', (request, reply, done) => {
    httpRequestDuration.observe(
      { method: request.method, route: request.routeOptions.url ?? 'unmatched', status: String(reply.statusCode) },
      reply.elapsedTime / 1000,
    );
    done();
  });
  return adapter;
}

function trustHops(hops: number): (address: string, hop: number) => boolean {
  return (_address, hop) => hop < hops;
}

export function buildOpenApiDocument(app: INestApplication, swagger: NonNullable<HttpAppOptions['swagger']>): OpenAPIObject {
  let builder = new DocumentBuilder().setTitle(swagger.title).setDescription(swagger.description).setVersion(swagger.version ?? '1.0');
  if (swagger.decorate) builder = swagger.decorate(builder);
  return SwaggerModule.createDocument(app, builder.build());
}

/** Creates (without listening) a NestJS application on Fastify with the platform's conventions. */
export async function createHttpApp(module: Type<unknown> | DynamicModule, options: HttpAppOptions): Promise<NestFastifyApplication> {
  collectProcessMetrics(options.service);
  const app = await NestFactory.create<NestFastifyApplication>(module, createFastifyAdapter({ trustProxy: options.trustProxy }), { bufferLogs: true });
  app.useLogger(app.get(Logger));
  answerAsSystem(app);
  useJsonBodies(app, BODY_LIMIT_BYTES);
  app.useGlobalPipes(createValidationPipe());
  app.useGlobalFilters(new GlobalExceptionFilter());
  app.enableShutdownHooks();
  const role = roleOf(app);
  if (role === 'worker') answerHealthAndMetricsOnly(app);
  if (!options.publicEntry) requireCallerAssertions(app, assertionKeysOf(configOf(app)));
  if (options.swagger) {
    const document = buildOpenApiDocument(app, options.swagger);
    SwaggerModule.setup('docs', app, document, { jsonDocumentUrl: 'docs-json' });
  }
  return app;
}

/** The app's configuration: every process's schema extends baseConfigSchema. */
function configOf(app: INestApplication): BaseConfig {
  const config = app.get<BaseConfig | undefined>(APP_CONFIG, { strict: false });
  if (!config?.INTERNAL_ASSERTION_KEY) throw new Error('The app has no configuration with INTERNAL_ASSERTION_KEY (baseConfigSchema)');
  return config;
}

/**
 * Puts `x-system-id: <SYSTEM_ID>` on every answer of the app, when its config sets one. The first
 * onRequest hook, and on the raw response: refusals of later hooks (caller assertions, worker
 * role, rate limits), 404s and event streams written on the raw response carry it as well as
 * routed answers. (Fastify's own 400s for a URL it cannot route, which no gateway forwards, and
 * answers to bytes that are not HTTP come before any hook and do not.)
 */
function answerAsSystem(app: NestFastifyApplication): void {
  const systemId = app.get<{ SYSTEM_ID?: string } | undefined>(APP_CONFIG, { strict: false })?.SYSTEM_ID;
  if (systemId === undefined) return;
  app.getHttpAdapter().getInstance().addHook('onRequest', (_request, reply, done) => {
    reply.raw.setHeader(SYSTEM_ID_HEADER, systemId);
    done();
  });
}

/** The app's PROCESS_ROLE (`all` when its config does not say). */
function roleOf(app: INestApplication): ProcessRole {
  const config = app.get<{ PROCESS_ROLE?: ProcessRole } | undefined>(APP_CONFIG, { strict: false });
  return config?.PROCESS_ROLE ?? 'all';
}

const WORKER_PATHS = /^\/(health|metrics)(\/|\?|$)/;

/**
 * A worker process listens for its health checks and metrics scrapes only: requests are the api
 * instances' work, and one routed here by mistake gets 503 SERVICE_UNAVAILABLE instead of being served.
 */
function answerHealthAndMetricsOnly(app: NestFastifyApplication): void {
  app.getHttpAdapter().getInstance().addHook('onRequest', (request, reply, done) => {
    if (WORKER_PATHS.test(request.url)) {
      done();
      return;
    }
    const body = toErrorBody(new DomainError(ErrorCode.SERVICE_UNAVAILABLE, 'This is a worker process: requests are served by the api instances'), String(request.id));
    void reply.code(body.statusCode).send(body);
  });
}

/**
 * Creates the app and listens; logs where it listens. A process started by a supervisor watches it
 * from the first line on, so a supervisor that dies while this process is still starting (module
 * scan, migrations' locks, connections) does not leave it to come up on its own.
 */
export async function startHttpApp(module: Type<unknown> | DynamicModule, options: HttpAppOptions): Promise<NestFastifyApplication> {
  const started: { app?: NestFastifyApplication } = {};
  let log = (message: string): void => void process.stderr.write(`${options.service}: ${message}\n`);
  exitWithSupervisor(async () => started.app?.close(), (message) => log(message));
  const app = await createHttpApp(module, options);
  started.app = app;
  await app.listen(options.port, options.host);
  const role = roleOf(app);
  const logger = app.get(Logger);
  log = (message) => logger.warn(message);
  logger.log(`${options.service}${role === 'all' ? '' : ` (${role})`} listening on http://${options.host}:${options.port}`);
  return app;
}
