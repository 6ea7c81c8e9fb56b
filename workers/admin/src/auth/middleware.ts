/**
 * Who is calling, and may they?
 *
 *   principal()   sets c.var.principal from `Authorization: Bearer vta_…`
 *                 (an API token, looked up by hash in Postgres) or the
 *                 `__Host-vt-admin` session cookie (Redis; the user is re-read
 *                 from Postgres on every request, so a disabled user or a
 *                 changed role takes effect at once). Redis unreachable with
 *                 a session cookie → 503, never a silent guest.
 *   guard(perm)   401 (API, with WWW-Authenticate) or a redirect to the login
 *                 page (pages) without a principal; 403 without the permission.
 *   csrf()        every unsafe request: Origin check; cookie-authenticated
 *                 ones must also echo the double-submit token (form field or
 *                 x-csrf-token). Bearer-token requests carry no ambient
 *                 credentials and skip the token.
 */
import type { Context, MiddlewareHandler } from 'hono';
import { getCookie } from 'hono/cookie';
import { can, type Permission } from '../../../../domain/admin/roles';
import { findAdminCredentialsById } from '../../../../db/queries/admin/users';
import { useApiToken } from '../../../../db/queries/admin/tokens';
import { originCheck, requireCsrfToken } from '../../../../edge/csrf';
import { problemResponse } from '../../../../edge/problem';
import { RedisUnavailableError } from '../../../../edge/redis';
import type { AdminAppEnv, Principal } from '../context';
import { ADMIN_SESSION_COOKIE, adminSessions, redisOf } from './sessions';
import { hashTokenSecret, TOKEN_PATTERN } from './tokens';

const SAFE = new Set(['GET', 'HEAD', 'OPTIONS']);

export function isApi(c: Context): boolean {
  return c.req.path.startsWith('/admin/api/');
}

function bearerOf(c: Context): string | null | undefined {
  const h = c.req.header('authorization');
  if (h === undefined) return undefined;
  const m = /^Bearer\s+(\S+)$/.exec(h.trim());
  return m && TOKEN_PATTERN.test(m[1]!) ? m[1]! : null;
}

export function unavailable(detail = 'Signing in is temporarily unavailable. Please try again in a minute.'): Response {
  return problemResponse(503, { detail }, { 'retry-after': '30' });
}

export function principal(): MiddlewareHandler<AdminAppEnv> {
  return async function principalMiddleware(c, next) {
    c.set('principal', null);
    const bearer = bearerOf(c);
    if (bearer !== undefined) {
      if (bearer === null) return problemResponse(401, { detail: 'Malformed bearer token: expected `Authorization: Bearer vta_…`.' }, { 'www-authenticate': 'Bearer realm="vitrine-admin", error="invalid_token"' });
      const hash = await hashTokenSecret(bearer);
      const token = await useApiToken(c.var.db.db, hash);
      if (!token) return problemResponse(401, { detail: 'This API token is unknown, expired or revoked.' }, { 'www-authenticate': 'Bearer realm="vitrine-admin", error="invalid_token"' });
      c.set('principal', { kind: 'token', id: token.id, label: `token:${token.name}`, role: token.role, sessionId: null });
    } else {
      const cookie = getCookie(c, ADMIN_SESSION_COOKIE);
      if (cookie !== undefined) {
        try {
          const redis = redisOf(c);
          const session = await adminSessions.get(redis, cookie);
          if (session) {
            const user = await findAdminCredentialsById(c.var.db.db, session.subject);
            if (user && !user.disabled) {
              c.set('principal', { kind: 'user', id: user.id, label: user.email, role: user.role, sessionId: session.id } satisfies Principal);
            } else {
              await adminSessions.destroyAllForSubject(redis, session.subject);
              adminSessions.clearCookie(c);
            }
          } else {
            adminSessions.clearCookie(c);
          }
        } catch (err) {
          if (err instanceof RedisUnavailableError) return unavailable();
          throw err;
        }
      }
    }
    await next();
    try {
      c.res.headers.set('cache-control', 'private, no-store');
    } catch {
      // immutable headers
    }
  };
}

export function guard(permission: Permission | 'signed-in'): MiddlewareHandler<AdminAppEnv> {
  return async function guardMiddleware(c, next) {
    const p = c.get('principal');
    if (!p) {
      if (isApi(c)) return problemResponse(401, { detail: 'Sign in, or send `Authorization: Bearer <API token>`.' }, { 'www-authenticate': 'Bearer realm="vitrine-admin"' });
      const url = new URL(c.req.url);
      const next = c.req.method === 'GET' ? url.pathname + url.search : '/admin';
      return c.redirect(`/admin/login?next=${encodeURIComponent(next)}`, 303);
    }
    if (permission !== 'signed-in' && !can(p.role, permission)) {
      return problemResponse(403, { detail: `Your role (${p.role}) does not allow this (${permission}).` });
    }
    return next();
  };
}

export function csrf(): MiddlewareHandler<AdminAppEnv> {
  const origin = originCheck();
  const token = requireCsrfToken();
  return async function adminCsrf(c, next) {
    if (SAFE.has(c.req.method)) return next();
    const refused = await origin(c, async () => {});
    if (refused instanceof Response) return refused;
    if (bearerOf(c) !== undefined) return next();
    return token(c, next);
  };
}

export function requireJson(): MiddlewareHandler<AdminAppEnv> {
  return async function requireJsonMiddleware(c, next) {
    if (!SAFE.has(c.req.method) && c.req.method !== 'DELETE') {
      const type = c.req.header('content-type') ?? '';
      if (!/^application\/(?:[\w.+-]+\+)?json\s*(?:;|$)/i.test(type) && !/^multipart\/form-data|^text\/csv/i.test(type)) {
        return problemResponse(415, { detail: 'Send the request body as application/json.' });
      }
    }
    return next();
  };
}
