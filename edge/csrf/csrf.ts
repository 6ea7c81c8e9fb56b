/**
 * CSRF protection for state-changing requests, in two layers:
 *
 * 1. Origin verification (every unsafe method): the browser-set `Origin`
 *    (or, failing that, `Sec-Fetch-Site`) must be our own origin. Cross-site
 *    form posts and fetches are refused with 403. This is what protects forms
 *    on edge-cached pages (e.g. "Add to cart" on a product page), which cannot
 *    carry a per-visitor token.
 * 2. Double-submit token (pages that are never cached: cart, checkout,
 *    account): `csrfToken(c)` sets a random `__Host-` cookie and returns the
 *    value for a hidden `_csrf` field (or `x-csrf-token` header); `requireCsrfToken`
 *    checks they match in constant time.
 *
 * Requests without cookies (API clients using headers/bearer tokens) are not
 * exposed to CSRF; layer 1 still applies when a browser sends them.
 */
import type { Context, MiddlewareHandler } from 'hono';
import { getCookie, setCookie } from 'hono/cookie';
import { problemResponse } from '../problem';

export const CSRF_COOKIE = '__Host-vt-csrf';
export const CSRF_FIELD = '_csrf';
export const CSRF_HEADER = 'x-csrf-token';
const SAFE = new Set(['GET', 'HEAD', 'OPTIONS']);

function forbidden(detail: string): Response {
  return problemResponse(403, { title: 'Cross-site request refused', detail });
}

/** Layer 1: refuses unsafe requests whose Origin (or Sec-Fetch-Site) is not ours. */
export function originCheck(opts: { allowedOrigins?: (c: Context) => string[] } = {}): MiddlewareHandler {
  return async function csrfOriginCheck(c, next) {
    if (SAFE.has(c.req.method)) return next();
    const self = new URL(c.req.url).origin;
    const allowed = new Set([self, ...(opts.allowedOrigins?.(c) ?? [])]);
    const origin = c.req.header('origin');
    if (origin) {
      if (origin === 'null' || !allowed.has(origin)) return forbidden('This request came from another site.');
      return next();
    }
    const site = c.req.header('sec-fetch-site');
    if (site && site !== 'same-origin' && site !== 'none') return forbidden('This request came from another site.');
    return next();
  };
}

function randomToken(): string {
  const bytes = crypto.getRandomValues(new Uint8Array(32));
  return btoa(String.fromCharCode(...bytes)).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
}

/** Returns the visitor's CSRF token, creating the cookie when missing. Call while rendering a form. */
export function csrfToken(c: Context): string {
  const existing = getCookie(c, CSRF_COOKIE);
  if (existing && /^[A-Za-z0-9_-]{43}$/.test(existing)) return existing;
  const token = randomToken();
  setCookie(c, CSRF_COOKIE, token, { path: '/', secure: true, httpOnly: true, sameSite: 'Lax' });
  return token;
}

function timingSafeEqual(a: string, b: string): boolean {
  if (a.length !== b.length) return false;
  let diff = 0;
  for (let i = 0; i < a.length; i++) diff |= a.charCodeAt(i) ^ b.charCodeAt(i);
  return diff === 0;
}

/**
 * Layer 2: unsafe requests must echo the cookie's token in `x-csrf-token` or a
 * `_csrf` form field. Reads form bodies through c.req.parseBody(), which Hono
 * caches, so handlers can still read the body.
 */
export function requireCsrfToken(): MiddlewareHandler {
  return async function csrfTokenCheck(c, next) {
    if (SAFE.has(c.req.method)) return next();
    const cookie = getCookie(c, CSRF_COOKIE);
    let sent = c.req.header(CSRF_HEADER);
    if (!sent) {
      const type = c.req.header('content-type') ?? '';
      if (type.startsWith('application/x-www-form-urlencoded') || type.startsWith('multipart/form-data')) {
        const body = await c.req.parseBody().catch(() => ({}) as Record<string, unknown>);
        const field = body[CSRF_FIELD];
        sent = typeof field === 'string' ? field : undefined;
      }
    }
    if (!cookie || !sent || !timingSafeEqual(cookie, sent)) {
      return forbidden('The form has expired or was not sent from this site. Please reload the page and try again.');
    }
    return next();
  };
}
