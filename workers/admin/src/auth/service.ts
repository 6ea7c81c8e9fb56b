/** Admin login and logout (shared by the login page and the JSON API). RedisUnavailableError propagates: callers answer 503. */
import type { Context } from 'hono';
import { getCookie } from 'hono/cookie';
import { findAdminCredentials, recordAdminLogin } from '../../../../db/queries/admin/users';
import type { Session } from '../../../../edge/session';
import type { AdminAppEnv } from '../context';
import { ADMIN_SESSION_COOKIE, adminLimiter, adminLoginRules, adminSessions, clientIp, passwords, redisOf, type AdminSessionData } from './sessions';

export type AdminLoginOutcome =
  | { kind: 'ok'; session: Session<AdminSessionData>; user: { id: string; email: string; name: string; role: string } }
  | { kind: 'invalid' }
  | { kind: 'limited'; retryAfterSeconds: number };

export async function adminLogin(c: Context<AdminAppEnv>, email: string, password: string): Promise<AdminLoginOutcome> {
  const redis = redisOf(c);
  const limit = await adminLimiter.consume(redis, adminLoginRules(clientIp(c), email));
  if (!limit.allowed) return { kind: 'limited', retryAfterSeconds: limit.retryAfterSeconds };
  // two one-shot queries over HTTP (no connection opened): the lookup, then the login record
  const db = c.var.db.db;
  const creds = await findAdminCredentials(db, email);
  if (!creds) {
    await passwords.verifyDummy(password);
    return { kind: 'invalid' };
  }
  const { ok, needsRehash } = await passwords.verify(password, creds.passwordHash);
  if (!ok || creds.disabled) return { kind: 'invalid' };
  await recordAdminLogin(db, creds.id, needsRehash ? await passwords.hash(password) : null);
  await adminLimiter.reset(redis, { name: 'login:account', identifier: email }).catch(() => undefined);
  // a fresh id on every login; the id the browser came with (if any) is deleted (session fixation)
  const session = await adminSessions.create(redis, creds.id, { email: creds.email }, { replacing: getCookie(c, ADMIN_SESSION_COOKIE) ?? null });
  return { kind: 'ok', session, user: { id: creds.id, email: creds.email, name: creds.name, role: creds.role } };
}

export async function adminLogout(c: Context<AdminAppEnv>): Promise<void> {
  const id = getCookie(c, ADMIN_SESSION_COOKIE);
  if (id) await adminSessions.destroy(redisOf(c), id);
  adminSessions.clearCookie(c);
}
