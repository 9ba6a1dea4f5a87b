import { DomainError, ErrorCode, QUEUE_TOKEN_HEADER } from '@concert/contracts';
import { APP_CONFIG, signCallerAssertion } from '@concert/platform';
import { Inject, Injectable, Logger, type OnModuleDestroy } from '@nestjs/common';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { Dispatcher } from 'undici';
import { type CallerIdentity, identityOf } from '../access/request-identity';
import type { GatewayConfig } from '../gateway.config';
import { upstreamFailures, upstreamRequestDuration } from '../gateway-metrics';
import { forwardedHeaders, returnedHeaders } from './forwarded-headers';
import { forwardedBody } from './raw-bodies';
import { ResponseMicroCache } from './response-micro-cache';
import { discardAnswer, strangerOf } from './system-identity';
import { failoverOf, failureReasonOf, type UpstreamFailure } from './upstream-failover';
import { type UpstreamGroups, UpstreamRegistry, type UpstreamReplica } from './upstream-registry';
import type { UpstreamService } from './upstream-service';

export interface ForwardOptions {
  /** Queue routes pass X-Queue-Token on (queue-service reads the token itself). */
  forwardQueueToken?: boolean;
  /** Server-Sent Events: the answer is piped through as it comes, without a body timeout. */
  eventStream?: boolean;
  /** The answer is the same for every caller: share it for GATEWAY_MICRO_CACHE_MS (ResponseMicroCache). */
  microCache?: boolean;
}

const SERVICE_NAMES: Record<UpstreamService, string> = {
  'queue-service': 'The queue service',
  'concert-service': 'The concert service',
  'reservation-service': 'The reservation service',
  'payment-service': 'The payment service',
};

/**
 * Forwards a public request to a replica of the service that owns it: method, path and query
 * unchanged, the raw body, an allow-list of headers plus the verified identity. Answers are
 * relayed as they are; a service that cannot be reached gives 503 SERVICE_UNAVAILABLE. With a
 * SYSTEM_ID, only answers of this system are relayed: a replica answering as another system
 * counts as one that refused the connection.
 */
@Injectable()
export class UpstreamProxy implements OnModuleDestroy {
  private readonly logger = new Logger(UpstreamProxy.name);
  /** Open event streams and the client address each belongs to. */
  private readonly openStreams = new Map<AbortController, string>();
  private readonly timeoutMs: number;
  private readonly maxEventStreams: number;
  private readonly maxEventStreamsPerClient: number;
  private readonly streamsPerClient = new Map<string, number>();
  private readonly microCache: ResponseMicroCache;
  private readonly assertionKey: string;
  private readonly systemId: string | undefined;

  constructor(
    @Inject(UpstreamRegistry) private readonly registry: UpstreamGroups,
    @Inject(APP_CONFIG) config: GatewayConfig,
  ) {
    this.systemId = config.SYSTEM_ID;
    this.timeoutMs = config.UPSTREAM_TIMEOUT_MS;
    this.maxEventStreams = config.GATEWAY_MAX_EVENT_STREAMS;
    this.maxEventStreamsPerClient = config.GATEWAY_MAX_EVENT_STREAMS_PER_CLIENT;
    this.assertionKey = config.INTERNAL_ASSERTION_KEY;
    this.microCache = new ResponseMicroCache(config.GATEWAY_MICRO_CACHE_MS);
  }

  async forward(service: UpstreamService, request: FastifyRequest, reply: FastifyReply, options: ForwardOptions = {}): Promise<void> {
    if (options.microCache && request.method === 'GET' && this.microCache.enabled) {
      const answer = await this.microCache.through(request.url, async () => {
        const response = await this.call(service, request, options);
        return { statusCode: response.statusCode, headers: returnedHeaders(response.headers), body: await this.read(service, response) };
      });
      void reply.status(answer.statusCode).headers(answer.headers).send(answer.body);
      return;
    }
    const abort = options.eventStream ? this.openEventStream(request.ip) : undefined;
    // A client that leaves before the stream starts must not leave an upstream stream behind.
    if (abort) reply.raw.once('close', () => abort.abort());
    let response: Dispatcher.ResponseData;
    try {
      response = await this.call(service, request, options, abort);
    } catch (error) {
      if (abort) this.closeStream(abort);
      if (!abort?.signal.aborted) throw error;
      // The client of an event stream left while the service was still answering.
      reply.hijack();
      return;
    }
    if (abort && response.statusCode === 200 && isEventStream(response.headers['content-type'])) {
      this.pipeEventStream(request, reply, response, abort);
      return;
    }
    if (abort) this.closeStream(abort);
    const body = await this.read(service, response);
    void reply.status(response.statusCode).headers(returnedHeaders(response.headers)).send(body);
  }

  /** Sends the request to a replica (another one when the first cannot be reached or is a stranger). */
  private async call(service: UpstreamService, request: FastifyRequest, options: ForwardOptions, abort?: AbortController): Promise<Dispatcher.ResponseData> {
    const body = forwardedBody(request.body);
    const identity = identityOf(request);
    const path = identity?.forwardedUrl ?? request.url;
    // HEAD is asked of the service as GET: Fastify answers HEAD with the GET's headers, its
    // content-length counted from the body it then leaves out.
    const method = request.method === 'HEAD' ? 'GET' : request.method;
    const headers = forwardedHeaders(request.headers, {
      requestId: String(request.id),
      assertion: signCallerAssertion(
        { sub: identity?.userId ?? null, qtid: identity?.queueTokenId ?? null, qcid: identity?.queueConcertId ?? null, iss: 'gateway', m: method, p: path },
        this.assertionKey,
        Date.now(),
      ),
      queueToken: options.forwardQueueToken ? queueTokenOf(request, identity) : undefined,
      hasBody: body !== undefined,
    });
    const group = this.registry.group(service);
    const started = performance.now();
    let tried: UpstreamReplica | undefined;
    for (let attempt = 0; attempt < Math.min(2, group.size); attempt++) {
      const replica = group.next(tried);
      tried = replica;
      const dispatcher = options.eventStream ? replica.streams : replica.pool;
      const outcome = await this.attempt(
        dispatcher,
        { path, method, headers, body, headersTimeout: this.timeoutMs, bodyTimeout: options.eventStream ? 0 : this.timeoutMs, signal: abort?.signal },
        abort,
      );
      if (!('kind' in outcome)) {
        upstreamRequestDuration.observe({ service, status: String(outcome.statusCode) }, (performance.now() - started) / 1000);
        return outcome;
      }
      upstreamFailures.inc({ service, reason: failureReasonOf(outcome) });
      if (outcome.kind === 'stranger') {
        this.logger.warn({ service, replica: replica.url, problem: outcome.problem, requestId: request.id }, 'upstream answers as another system: answer dropped');
      } else {
        this.logger.warn({ service, replica: replica.url, code: outcome.code, requestId: request.id }, 'upstream call failed');
      }
      const failover = failoverOf(outcome, request.method);
      if (failover.markDown) group.markDown(replica);
      if (!failover.retry) break;
    }
    throw unavailable(service);
  }

  /** One call to one replica: its answer, or why there is none the gateway may relay. */
  private async attempt(dispatcher: Dispatcher, call: Dispatcher.RequestOptions, abort: AbortController | undefined): Promise<Dispatcher.ResponseData | UpstreamFailure> {
    let response: Dispatcher.ResponseData;
    try {
      response = await dispatcher.request(call);
    } catch (error) {
      if (abort?.signal.aborted) throw error;
      return { kind: 'error', code: errorCodeOf(error) };
    }
    const problem = strangerOf(response.headers, this.systemId);
    if (problem === undefined) return response;
    // Not this system's answer: never relayed, not even read.
    discardAnswer(response.body);
    return { kind: 'stranger', problem };
  }

  /**
   * Answers are small JSON documents: reading them whole lets a connection that breaks mid-body
   * still turn into a clean 503 instead of a truncated answer.
   */
  private async read(service: UpstreamService, response: Dispatcher.ResponseData): Promise<Buffer> {
    try {
      return Buffer.from(await response.body.arrayBuffer());
    } catch (error) {
      upstreamFailures.inc({ service, reason: errorCodeOf(error) });
      throw unavailable(service);
    }
  }

  /**
   * Counts an event stream from the moment it is asked for, so that a burst of them cannot pass
   * GATEWAY_MAX_EVENT_STREAMS while the services are still answering.
   */
  private openEventStream(client: string): AbortController {
    if (this.openStreams.size >= this.maxEventStreams) {
      throw new DomainError(ErrorCode.SERVICE_UNAVAILABLE, 'Too many open event streams; poll GET /api/v1/queue/tokens/me instead');
    }
    const held = this.streamsPerClient.get(client) ?? 0;
    if (held >= this.maxEventStreamsPerClient) {
      throw new DomainError(ErrorCode.RATE_LIMITED, 'Too many open event streams from this client; close one or poll GET /api/v1/queue/tokens/me');
    }
    this.streamsPerClient.set(client, held + 1);
    const abort = new AbortController();
    this.openStreams.set(abort, client);
    return abort;
  }

  /** The stream is over (or never started): it no longer counts, for the gateway or its client. */
  private closeStream(abort: AbortController): void {
    const client = this.openStreams.get(abort);
    if (client === undefined) return;
    this.openStreams.delete(abort);
    const held = (this.streamsPerClient.get(client) ?? 1) - 1;
    if (held <= 0) this.streamsPerClient.delete(client);
    else this.streamsPerClient.set(client, held);
  }

  /** Open event streams end when the gateway stops, so that shutdown does not wait for clients. */
  onModuleDestroy(): void {
    for (const stream of this.openStreams.keys()) stream.abort();
  }

  private pipeEventStream(request: FastifyRequest, reply: FastifyReply, response: Dispatcher.ResponseData, abort: AbortController): void {
    const raw = reply.raw;
    reply.hijack();
    if (abort.signal.aborted || raw.destroyed) {
      this.closeStream(abort);
      response.body.destroy();
      return;
    }
    raw.writeHead(response.statusCode, {
      ...returnedHeaders(response.headers),
      'x-request-id': String(request.id),
      'cache-control': 'no-cache',
      'x-accel-buffering': 'no',
    });
    raw.flushHeaders();
    const finish = (): void => {
      this.closeStream(abort);
      abort.abort();
      if (!raw.writableEnded) raw.end();
    };
    // The client left: close the upstream stream too, so the service stops pushing.
    raw.once('close', finish);
    response.body.once('error', finish);
    response.body.once('end', finish);
    response.body.pipe(raw, { end: false });
  }
}

/** The queue token to pass to queue-service: the ticket's, or the client's header. */
function queueTokenOf(request: FastifyRequest, identity: CallerIdentity | undefined): string | undefined {
  if (identity?.queueToken !== undefined) return identity.queueToken;
  const header = request.headers[QUEUE_TOKEN_HEADER];
  return typeof header === 'string' ? header : undefined;
}

function isEventStream(contentType: string | string[] | undefined): boolean {
  const value = Array.isArray(contentType) ? contentType[0] : contentType;
  return value?.startsWith('text/event-stream') ?? false;
}

function errorCodeOf(error: unknown): string {
  if (typeof error === 'object' && error !== null) {
    const { code, cause } = error as { code?: unknown; cause?: unknown };
    if (typeof code === 'string' && code !== 'UND_ERR_SOCKET') return code;
    const causeCode = typeof cause === 'object' && cause !== null ? (cause as { code?: unknown }).code : undefined;
    if (typeof causeCode === 'string') return causeCode;
    if (typeof code === 'string') return code;
  }
  return 'UNKNOWN';
}

function unavailable(service: UpstreamService): DomainError {
  return new DomainError(ErrorCode.SERVICE_UNAVAILABLE, `${SERVICE_NAMES[service]} is unavailable; try again shortly`);
}
