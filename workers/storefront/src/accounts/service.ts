/**
 * Registration, login, logout and password change: the steps shared by the
 * account pages and the JSON API. Handlers turn the outcomes into pages or
 * problem+json. RedisUnavailableError propagates (callers answer 503: the
 * rate limiter and the session store fail closed).
 */
import type { Context } from 'hono';
import { findCredentialsByEmail, findCredentialsById, insertCustomer, recordLogin, updatePasswordHash, EmailTakenError, type CustomerProfile } from '../../../../db/queries/customers';
import { RedisUnavailableError } from '../../../../edge/redis';
import type { Session } from '../../../../edge/session';
import type { AppEnv } from '../context';
import type { LoginInput, Registration } from './inputs';
import { clientIp, customerSessions, limiter, loginRules, passwordChangeRules, passwords, redisOf, registerRules, type CustomerSessionData } from './sessions';

type C = Context<AppEnv>;
export type CustomerSession = Session<CustomerSessionData>;

export type RegisterOutcome =
  | { kind: 'ok'; customer: CustomerProfile; session: CustomerSession }
  | { kind: 'taken' }
  | { kind: 'limited'; retryAfterSeconds: number };

export type LoginOutcome =
  | { kind: 'ok'; customer: { id: string; email: string; name: string }; session: CustomerSession }
  /** one outcome for unknown email, wrong password and disabled account */
  | { kind: 'invalid' }
  | { kind: 'limited'; retryAfterSeconds: number };

export type PasswordChangeOutcome =
  | { kind: 'ok'; session: CustomerSession }
  | { kind: 'wrong-password' }
  | { kind: 'limited'; retryAfterSeconds: number }
  | { kind: 'gone' };

/** The session id the request currently carries (valid or not), so a new session replaces it. */
function currentSessionId(c: C): string | null {
  return c.get('sessionId') ?? customerSessions.idFromRequest(c, { allowBearer: true })?.id ?? null;
}

export async function register(c: C, input: Registration): Promise<RegisterOutcome> {
  const redis = redisOf(c);
  const limit = await limiter.consume(redis, registerRules(clientIp(c)));
  if (!limit.allowed) return { kind: 'limited', retryAfterSeconds: limit.retryAfterSeconds };
  const passwordHash = await passwords.hash(input.password);
  let customer: CustomerProfile;
  try {
    customer = await insertCustomer(c.var.db.db, { email: input.email, name: input.name, passwordHash });
  } catch (err) {
    if (err instanceof EmailTakenError) return { kind: 'taken' };
    throw err;
  }
  const session = await customerSessions.create(redis, customer.id, { email: customer.email }, { replacing: currentSessionId(c) });
  return { kind: 'ok', customer, session };
}

export async function login(c: C, input: LoginInput): Promise<LoginOutcome> {
  const redis = redisOf(c);
  const limit = await limiter.consume(redis, loginRules(clientIp(c), input.email));
  if (!limit.allowed) return { kind: 'limited', retryAfterSeconds: limit.retryAfterSeconds };
  const db = c.var.db.db;
  const creds = await findCredentialsByEmail(db, input.email);
  if (!creds) {
    await passwords.verifyDummy(input.password); // same work as a real check: timing does not tell whether the email exists
    return { kind: 'invalid' } as const;
  }
  const { ok, needsRehash } = await passwords.verify(input.password, creds.passwordHash);
  if (!ok || creds.disabled) return { kind: 'invalid' } as const;
  await recordLogin(db, creds.id, needsRehash ? await passwords.hash(input.password) : null);
  await limiter.reset(redis, { name: 'login:account', identifier: input.email }).catch(() => undefined);
  const session = await customerSessions.create(redis, creds.id, { email: creds.email }, { replacing: currentSessionId(c) });
  return { kind: 'ok', customer: { id: creds.id, email: creds.email, name: creds.name }, session } as const;
}

/** Ends the current session server-side (the cookie is cleared by the caller's response). */
export async function logout(c: C): Promise<void> {
  const id = currentSessionId(c);
  if (id) await customerSessions.destroy(redisOf(c), id);
  customerSessions.clearCookie(c);
}

/** Checks the current password, stores the new hash, ends every other session and rotates this one. */
export async function changePassword(c: C, customerId: string, currentPassword: string, newPassword: string): Promise<PasswordChangeOutcome> {
  const redis = redisOf(c);
  const limit = await limiter.consume(redis, passwordChangeRules(clientIp(c), customerId));
  if (!limit.allowed) return { kind: 'limited', retryAfterSeconds: limit.retryAfterSeconds };
  const db = c.var.db.db;
  const creds = await findCredentialsById(db, customerId);
  if (!creds || creds.disabled) return { kind: 'gone' } as const;
  const { ok } = await passwords.verify(currentPassword, creds.passwordHash);
  if (!ok) return { kind: 'wrong-password' } as const;
  await updatePasswordHash(db, customerId, await passwords.hash(newPassword));
  await customerSessions.destroyAllForSubject(redis, customerId, { except: currentSessionId(c) });
  const session = await customerSessions.create(redis, customerId, { email: creds.email }, { replacing: currentSessionId(c) });
  return { kind: 'ok', session } as const;
}

/** "Log out everywhere else". Returns how many sessions ended. */
export async function endOtherSessions(c: C, customerId: string): Promise<number> {
  return customerSessions.destroyAllForSubject(redisOf(c), customerId, { except: currentSessionId(c) });
}

/** Public description of a session for API responses (the id only when the client asked for a bearer token). */
export function sessionJson(session: CustomerSession, withToken: boolean) {
  return {
    expiresAt: new Date(session.expiresAt).toISOString(),
    idleExpiresAt: new Date(session.idleExpiresAt).toISOString(),
    idleTimeoutSeconds: customerSessions.idleSeconds,
    ...(withToken ? { token: session.id, tokenType: 'Bearer' as const } : {}),
  };
}
