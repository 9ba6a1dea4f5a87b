import type { FastifyHelmetOptions } from '@fastify/helmet';

/**
 * The Content-Security-Policy of the pages: their own scripts and styles only (no inline script or
 * style, no eval), their own origin for every request (the API and its event stream), no frames,
 * no plugins, no <base>, forms post only here, and DOM sinks that take strings refused (Trusted
 * Types), so an injected string cannot become script. Helmet's defaults are left out on purpose:
 * `upgrade-insecure-requests` would break the plain-HTTP `npm start` on localhost.
 */
export const CONTENT_SECURITY_POLICY = {
  'default-src': ["'none'"],
  'script-src': ["'self'"],
  'style-src': ["'self'"],
  'img-src': ["'self'", 'data:'],
  'font-src': ["'self'"],
  'connect-src': ["'self'"],
  'manifest-src': ["'self'"],
  'base-uri': ["'none'"],
  'form-action': ["'self'"],
  'frame-ancestors': ["'none'"],
  'object-src': ["'none'"],
  'require-trusted-types-for': ["'script'"],
} as const;

/** Features the pages never use, switched off for them and anything they might load. */
export const PERMISSIONS_POLICY = 'camera=(), microphone=(), geolocation=(), payment=(), usb=(), interest-cohort=()';

/** Helmet's headers for the pages: the CSP above, no framing, no referrer, same-origin isolation. */
export const PAGE_SECURITY_HEADERS: FastifyHelmetOptions = {
  global: true,
  contentSecurityPolicy: { useDefaults: false, directives: CONTENT_SECURITY_POLICY },
  crossOriginEmbedderPolicy: false,
  crossOriginOpenerPolicy: { policy: 'same-origin' },
  crossOriginResourcePolicy: { policy: 'same-origin' },
  referrerPolicy: { policy: 'no-referrer' },
  frameguard: { action: 'deny' },
  strictTransportSecurity: { maxAge: 31_536_000, includeSubDomains: true },
};
