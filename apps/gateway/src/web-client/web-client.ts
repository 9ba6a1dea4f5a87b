import { createHash } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import fastifyHelmet from '@fastify/helmet';
import fastifyStatic from '@fastify/static';
import { DomainError, ErrorCode } from '@concert/contracts';
import { toErrorBody } from '@concert/platform';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { PAGE_SECURITY_HEADERS, PERMISSIONS_POLICY } from './security-headers';
import type { WebClientConfig } from './web-client.config';

/** The pages and the built file each one is (scripts/web/build.ts writes them). */
export const WEB_PAGES = { '/': 'index.html', '/organizer': 'organizer.html' } as const;

/** Hashed assets never change under their name: kept a year, never revalidated. */
const ASSET_MAX_AGE_MS = 365 * 86_400_000;
/** A page names the current assets: always asked again (answered 304 while unchanged). */
const PAGE_CACHE_CONTROL = 'no-cache';

interface BuiltPage {
  html: Buffer;
  etag: string;
}

/**
 * Serves the buyer's page at `/` and the organizer's at `/organizer` (same origin as the API, so
 * the pages need no CORS and no configuration), and their hashed assets under `/assets/`, with
 * the pages' security headers (security-headers.ts) in a plugin scope of their own: the API,
 * `/docs` (whose Swagger UI needs inline script) and every unknown path answer as before. The
 * pages hold no secret: they are the same for everyone and read everything from the public API.
 *
 * A gateway started before `npm run build` wrote the pages answers them 503 with the contract's
 * error body, and says so at start.
 */
export function serveWebClient(fastify: FastifyInstance, config: WebClientConfig, warn: (message: string) => void): void {
  const root = path.resolve(config.WEB_CLIENT_DIR);
  const pages = new Map<string, BuiltPage | undefined>(Object.entries(WEB_PAGES).map(([url, file]) => [url, builtPage(path.join(root, file))]));
  if ([...pages.values()].some((page) => page === undefined)) {
    warn(`web pages not built in ${root} (npm run build): / and /organizer answer 503`);
  }

  void fastify.register(async (scope) => {
    await scope.register(fastifyHelmet, PAGE_SECURITY_HEADERS);
    scope.addHook('onSend', async (_request, reply) => {
      void reply.header('permissions-policy', PERMISSIONS_POLICY);
    });
    for (const [url, page] of pages) {
      scope.get(url, (request, reply) => answerPage(page, request, reply));
    }
    if (existsSync(path.join(root, 'assets'))) {
      await scope.register(fastifyStatic, {
        root: path.join(root, 'assets'),
        prefix: '/assets/',
        // Swagger UI has decorated the reply with sendFile already; this scope needs none.
        decorateReply: false,
        index: false,
        list: false,
        dotfiles: 'deny',
        // Hashed names never change content: `public, max-age=31536000, immutable`.
        maxAge: ASSET_MAX_AGE_MS,
        immutable: true,
      });
    }
  });
}

function builtPage(file: string): BuiltPage | undefined {
  if (!existsSync(file)) return undefined;
  const html = readFileSync(file);
  return { html, etag: `"${createHash('sha256').update(html).digest('base64url').slice(0, 27)}"` };
}

function answerPage(page: BuiltPage | undefined, request: FastifyRequest, reply: FastifyReply): FastifyReply {
  if (!page) {
    const body = toErrorBody(new DomainError(ErrorCode.SERVICE_UNAVAILABLE, 'The web pages are not built: run npm run build'), String(request.id));
    return reply.code(body.statusCode).header('cache-control', 'no-store').send(body);
  }
  void reply.header('cache-control', PAGE_CACHE_CONTROL).header('etag', page.etag).header('vary', 'accept-encoding');
  if (request.headers['if-none-match'] === page.etag) return reply.code(304).send();
  return reply.type('text/html; charset=utf-8').send(page.html);
}
