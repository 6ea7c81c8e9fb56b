/**
 * Storefront middleware around customer sessions. Mount only on personal
 * routes (account, cart, checkout, their APIs) — never on the edge-cached
 * catalog: reading the session makes a response private.
 *
 *   customerSession()  sets c.var.customer (SessionCustomer | null) and
 *                      c.var.sessionId; a request without a session cookie
 *                      costs nothing (no Redis call). When Redis cannot be
 *                      reached and the request carries a session, it is
 *                      answered 503 rather than silently treated as a guest.
 *                      Marks every response `private, no-store`.
 *   requireCustomer()  401 problem+json on APIs, a redirect to the login page
 *                      (with ?next=) on pages.
 *   csrfForCookieAuth() on APIs: unsafe requests authenticated by the session
 *                      cookie must carry the CSRF token (x-csrf-token);
 *                      bearer-token requests are not exposed to CSRF.
 *   requireJson()      API bodies must be application/json (415 otherwise),
 *                      which also keeps cross-site HTML forms out.
 */
import type { Context, ErrorHandler, MiddlewareHandler } from 'hono';
import { getCookie } from 'hono/cookie';
import { requireCsrfToken } from '../../../../edge/csrf';
import { problemResponse, wantsHtml } from '../../../../edge/problem';
import { renderErrorPage } from '../routes/pages';
import { RedisUnavailableError } from '../../../../edge/redis';
import { log } from '../../../../edge/request-context';
import type { AppEnv } from '../context';
import { loginPath } from './next-path';
import type { Session } from '../../../../edge/session';
import { CUSTOMER_SESSION_COOKIE, customerSessions, redisOf, type CustomerSessionData } from './sessions';

const SAFE = new Set(['GET', 'HEAD', 'OPTIONS']);

/** 503 for pages (friendly page with Retry-After) and APIs (problem+json with Retry-After). Logs without PII. */
export async function serviceUnavailable(c: Context, err: unknown, detail = 'Signing in is temporarily unavailable. Please try again in a minute.'): Promise<Response> {
  log(c, 'error', 'session or rate-limit store unavailable', { error: err instanceof Error ? err.message : String(err) });
  if (wantsHtml(c)) return renderErrorPage(c, 503, '', detail);
  return problemResponse(503, { detail }, { 'retry-after': '30' });
}

/** Error handler for the account sub-apps: Redis failures are 503s (fail closed); everything else goes to the app's handler. */
export function accountErrors(fallback: ErrorHandler): ErrorHandler {
  return function accountErrorHandler(err, c) {
    if (err instanceof RedisUnavailableError) return serviceUnavailable(c, err);
    return fallback(err, c);
  };
}

const loaded = new WeakMap<Request, Session<CustomerSessionData>>();

/** The session customerSession() loaded for this request (timestamps included), if any. */
export function currentSession(c: Context): Session<CustomerSessionData> | null {
  return loaded.get(c.req.raw) ?? null;
}

export function customerSession(opts: { allowBearer?: boolean } = {}): MiddlewareHandler<AppEnv> {
  return async function customerSessionMiddleware(c, next) {
    c.set('customer', null);
    c.set('sessionId', null);
    const found = customerSessions.idFromRequest(c, { allowBearer: opts.allowBearer ?? c.req.path.startsWith('/api/') });
    if (found) {
      let session;
      try {
        session = await customerSessions.get(redisOf(c), found.id);
      } catch (err) {
        if (err instanceof RedisUnavailableError) return serviceUnavailable(c, err);
        throw err;
      }
      if (session) {
        c.set('customer', { id: session.subject, email: session.data.email });
        c.set('sessionId', session.id);
        loaded.set(c.req.raw, session);
      } else if (found.source === 'cookie') {
        customerSessions.clearCookie(c); // expired or logged out elsewhere: drop the dead cookie
      }
    }
    await next();
    try {
      c.res.headers.set('cache-control', 'private, no-store');
    } catch {
      // immutable headers (a proxied response): nothing personal to protect there
    }
  };
}

export function requireCustomer(): MiddlewareHandler<AppEnv> {
  return async function requireCustomerMiddleware(c, next) {
    if (c.get('customer')) return next();
    if (wantsHtml(c)) {
      const url = new URL(c.req.url);
      return c.redirect(loginPath(c.req.method === 'GET' ? url.pathname + url.search : '/account'), 303);
    }
    return problemResponse(401, { detail: 'Log in first: send the session cookie or `Authorization: Bearer <token>`.' }, { 'www-authenticate': 'Bearer realm="vitrine"' });
  };
}

/** True when the request authenticates with `Authorization: Bearer` (API clients) rather than the cookie. */
export function usesBearer(c: Parameters<MiddlewareHandler<AppEnv>>[0]): boolean {
  return customerSessions.idFromRequest(c, { allowBearer: true })?.source === 'bearer';
}

export function csrfForCookieAuth(): MiddlewareHandler<AppEnv> {
  const check = requireCsrfToken();
  return async function csrfForCookieAuthMiddleware(c, next) {
    if (SAFE.has(c.req.method) || usesBearer(c) || getCookie(c, CUSTOMER_SESSION_COOKIE) === undefined) return next();
    return check(c, next);
  };
}

export function requireJson(): MiddlewareHandler<AppEnv> {
  return async function requireJsonMiddleware(c, next) {
    if (!SAFE.has(c.req.method) && c.req.method !== 'DELETE') {
      const type = c.req.header('content-type') ?? '';
      if (!/^application\/(?:[\w.+-]+\+)?json\s*(?:;|$)/i.test(type)) {
        return problemResponse(415, { detail: 'Send the request body as application/json.' });
      }
    }
    return next();
  };
}
