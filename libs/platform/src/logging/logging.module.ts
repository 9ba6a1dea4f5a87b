import { type DynamicModule, Module } from '@nestjs/common';
import { LoggerModule } from 'nestjs-pino';
import { CREDENTIAL_LOG_PATHS, REDACTED } from './log-redaction';

export interface LoggingOptions {
  service: string;
  level: string;
  /** Human-readable lines for a terminal (npm start); JSON lines otherwise. */
  pretty?: boolean;
}

/** pino through nestjs-pino: structured logs carrying the service name and the request id. */
@Module({})
export class LoggingModule {
  static forRoot(options: LoggingOptions): DynamicModule {
    return {
      module: LoggingModule,
      imports: [
        LoggerModule.forRoot({
          // No per-request logger middleware: a child logger per request costs more CPU than the
          // rest of a cached read. Errors are logged by the exception filter with the request id.
          forRoutes: [],
          pinoHttp: {
            level: options.level,
            name: options.service,
            // Each request's id comes from Fastify (echoed x-request-id or a new UUID).
            genReqId: (req) => (req as { id?: string }).id ?? '',
            // Access logs for every request would dominate the CPU under load; errors are logged
            // by the exception filter with the request id.
            autoLogging: false,
            quietReqLogger: true,
            // Credentials never reach a log line, whatever logs a request.
            redact: { paths: CREDENTIAL_LOG_PATHS, censor: REDACTED },
            transport: options.pretty
              ? { target: 'pino-pretty', options: { colorize: true, singleLine: true, ignore: 'pid,hostname', translateTime: 'HH:MM:ss.l' } }
              : undefined,
          },
        }),
      ],
    };
  }
}
