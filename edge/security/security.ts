import type { MiddlewareHandler } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import { secureHeaders } from 'hono/secure-headers';
import { problemResponse } from '../problem';

/** Security headers for HTML and JSON alike (no inline scripts; styles inline in the layout). */
export function securityHeaders(opts: { scriptSrc?: string[] } = {}): MiddlewareHandler {
  return secureHeaders({
    contentSecurityPolicy: {
      defaultSrc: ["'self'"],
      imgSrc: ["'self'", 'data:'],
      styleSrc: ["'self'", "'unsafe-inline'"],
      scriptSrc: opts.scriptSrc ?? ["'self'"],
      connectSrc: ["'self'"],
      formAction: ["'self'"],
      frameAncestors: ["'none'"],
      baseUri: ["'self'"],
      objectSrc: ["'none'"],
    },
    strictTransportSecurity: 'max-age=63072000; includeSubDomains; preload',
    referrerPolicy: 'strict-origin-when-cross-origin',
    crossOriginResourcePolicy: 'same-site',
    crossOriginOpenerPolicy: 'same-origin',
    permissionsPolicy: { camera: [], microphone: [], geolocation: [] },
  });
}

/** Rejects oversized bodies (413) and absurd URLs (414) before any work is done. */
export function requestLimits(opts: { maxBodyBytes: number; maxUrlLength: number }): MiddlewareHandler[] {
  return [
    async function urlLimit(c, next) {
      if (c.req.url.length > opts.maxUrlLength) {
        return problemResponse(414, { title: 'URI too long', detail: `URLs are limited to ${opts.maxUrlLength} characters.` });
      }
      await next();
    },
    bodyLimit({
      maxSize: opts.maxBodyBytes,
      onError: () => problemResponse(413, { detail: `Request bodies are limited to ${opts.maxBodyBytes} bytes.` }),
    }),
  ];
}

/** Only the listed methods reach the routes below (405 with Allow otherwise). */
export function allowMethods(methods: string[]): MiddlewareHandler {
  const allow = methods.join(', ');
  return async function methodGuard(c, next) {
    if (!methods.includes(c.req.method)) {
      return problemResponse(405, { detail: `Use ${allow}.` }, { allow });
    }
    await next();
  };
}
