/**
 * Server-side sessions in Redis, generic over who signs in (customers in the
 * storefront, admin users in the admin worker: each with its own key prefix,
 * cookie and timeouts).
 *
 * - Ids: 256 random bits (base64url, 43 chars). Only SHA-256(id) is used as
 *   the Redis key, so a Redis dump or a key listing yields no usable session.
 * - Cookie: `__Host-` prefixed (Secure, Path=/, no Domain), HttpOnly,
 *   SameSite=Lax. API clients may instead send the id as `Authorization: Bearer`.
 * - Timeouts: idle (sliding) and absolute. The Redis key's TTL is
 *   min(idle, time left until the absolute deadline) and is pushed forward
 *   when the session is used (at most once per `touchIntervalSeconds`, so
 *   busy pages do not write on every request); the recorded timestamps are
 *   checked as well, against an injectable clock.
 * - Rotation: `create(..., { replacing })` issues a fresh id and deletes the
 *   old session in one MULTI (login / privilege change: session fixation).
 * - Logout deletes the key: the old cookie stops working immediately,
 *   everywhere. `destroyAllForSubject` ends every session of one user
 *   (password change, account disabled) through a per-subject index set.
 * - A touch uses SET … XX: a session deleted concurrently (logout in another
 *   tab) is never resurrected.
 */
import type { Redis } from '@upstash/redis';
import type { Context } from 'hono';
import { deleteCookie, getCookie, setCookie } from 'hono/cookie';
import * as z from 'zod';
import { randomBytes, sha256Base64Url, toBase64Url } from '../auth/bytes';
import { redisCall } from '../redis/client';

export interface SessionStoreOptions<D> {
  /** Redis key prefix, e.g. "vt:cust" → vt:cust:s:<sha256(id)>, vt:cust:u:<subject> */
  prefix: string;
  /** must start with "__Host-" */
  cookieName: string;
  idleSeconds: number;
  absoluteSeconds: number;
  /** how often a used session's idle expiry is pushed forward (default: min(60 s, idle / 10)) */
  touchIntervalSeconds?: number;
  /** "absolute": the cookie lives as long as the session can (survives browser restarts); "browser": until the browser closes */
  cookieLifetime?: 'absolute' | 'browser';
  /** validates `data` read back from Redis */
  dataSchema?: z.ZodType<D>;
  /** injectable clock (ms since the epoch), for tests */
  now?: () => number;
}

export interface Session<D> {
  /** the secret id (cookie value); never log it */
  id: string;
  subject: string;
  data: D;
  createdAt: number;
  lastSeenAt: number;
  /** absolute deadline (ms) */
  expiresAt: number;
  /** when the session ends if unused (ms) */
  idleExpiresAt: number;
}

export type SessionSource = 'cookie' | 'bearer';

export interface SessionStore<D> {
  readonly cookieName: string;
  readonly idleSeconds: number;
  readonly absoluteSeconds: number;
  create(redis: Redis, subject: string, data: D, opts?: { replacing?: string | null | undefined }): Promise<Session<D>>;
  /** The live session for this id (sliding its idle expiry), or null when unknown, expired or malformed. */
  get(redis: Redis, id: string): Promise<Session<D> | null>;
  destroy(redis: Redis, id: string): Promise<void>;
  /** Ends every session of a subject (optionally keeping one); returns how many were ended. */
  destroyAllForSubject(redis: Redis, subject: string, opts?: { except?: string | null | undefined }): Promise<number>;
  /** The session id the request carries (cookie, or `Authorization: Bearer` when allowed), format-checked, without a Redis lookup. */
  idFromRequest(c: Context, opts?: { allowBearer?: boolean }): { id: string; source: SessionSource } | null;
  setCookie(c: Context, session: Session<D>): void;
  clearCookie(c: Context): void;
  /** Redis key of a session id (tests and diagnostics). */
  keyFor(id: string): Promise<string>;
}

const ID_PATTERN = /^[A-Za-z0-9_-]{43}$/;

export function isSessionId(value: string | undefined | null): value is string {
  return typeof value === 'string' && ID_PATTERN.test(value);
}

export function createSessionStore<D = Record<string, never>>(opts: SessionStoreOptions<D>): SessionStore<D> {
  const { prefix, cookieName, idleSeconds, absoluteSeconds } = opts;
  if (!cookieName.startsWith('__Host-')) throw new Error('session cookies must use the __Host- prefix');
  if (!/^[A-Za-z0-9:_-]+$/.test(prefix)) throw new Error('invalid session key prefix');
  if (!(idleSeconds > 0 && absoluteSeconds >= idleSeconds)) throw new Error('need 0 < idleSeconds ≤ absoluteSeconds');
  const touchMs = (opts.touchIntervalSeconds ?? Math.min(60, idleSeconds / 10)) * 1000;
  const idleMs = idleSeconds * 1000;
  const absoluteMs = absoluteSeconds * 1000;
  const now = opts.now ?? (() => Date.now());
  const dataSchema = (opts.dataSchema ?? z.any()) as z.ZodType<D>;
  const recordSchema = z.object({
    v: z.literal(1),
    sub: z.string().min(1),
    data: dataSchema,
    c: z.number(),
    l: z.number(),
    e: z.number(),
  });
  type StoredRecord = z.infer<typeof recordSchema>;

  const hashOf = (id: string) => sha256Base64Url(id);
  const sessionKey = (hash: string) => `${prefix}:s:${hash}`;
  const subjectKey = (subject: string) => `${prefix}:u:${subject}`;
  const keyFor = async (id: string) => sessionKey(await hashOf(id));

  function ttlMs(rec: StoredRecord, at: number): number {
    return Math.max(1, Math.min(idleMs, rec.e - at));
  }

  function toSession(id: string, rec: StoredRecord): Session<D> {
    return { id, subject: rec.sub, data: rec.data as D, createdAt: rec.c, lastSeenAt: rec.l, expiresAt: rec.e, idleExpiresAt: Math.min(rec.e, rec.l + idleMs) };
  }

  function parse(raw: unknown): StoredRecord | null {
    if (typeof raw !== 'string') return null;
    try {
      const r = recordSchema.safeParse(JSON.parse(raw));
      return r.success ? r.data : null;
    } catch {
      return null;
    }
  }

  async function create(redis: Redis, subject: string, data: D, o: { replacing?: string | null | undefined } = {}): Promise<Session<D>> {
    const id = toBase64Url(randomBytes(32));
    const hash = await hashOf(id);
    const at = now();
    const rec: StoredRecord = { v: 1, sub: subject, data, c: at, l: at, e: at + absoluteMs };
    const old = isSessionId(o.replacing) ? await hashOf(o.replacing) : null;
    await redisCall('session create', async () => {
      const tx = redis.multi();
      if (old) tx.del(sessionKey(old));
      tx.set(sessionKey(hash), JSON.stringify(rec), { px: ttlMs(rec, at), nx: true });
      tx.sadd(subjectKey(subject), hash);
      tx.pexpire(subjectKey(subject), absoluteMs);
      const replies = await tx.exec();
      if (replies[old ? 1 : 0] !== 'OK') throw new Error('session id collision');
    });
    if (old) await redisCall('session index', () => redis.srem(subjectKey(subject), old)).catch(() => undefined);
    await pruneIndex(redis, subject).catch(() => undefined);
    return toSession(id, rec);
  }

  /** Drops index entries of sessions that expired on their own (keeps the set small). */
  async function pruneIndex(redis: Redis, subject: string): Promise<void> {
    const members = await redis.smembers(subjectKey(subject));
    if (members.length <= 8) return;
    const p = redis.pipeline();
    for (const m of members) p.exists(sessionKey(m));
    const exists = (await p.exec()) as number[];
    const gone = members.filter((_, i) => exists[i] === 0);
    if (gone.length) await redis.srem(subjectKey(subject), ...(gone as [string, ...string[]]));
  }

  async function get(redis: Redis, id: string): Promise<Session<D> | null> {
    if (!isSessionId(id)) return null;
    const hash = await hashOf(id);
    const key = sessionKey(hash);
    const raw = await redisCall('session read', () => redis.get<string>(key));
    if (raw === null || raw === undefined) return null;
    const rec = parse(raw);
    const at = now();
    if (!rec || at >= rec.e || at - rec.l >= idleMs) {
      await redisCall('session expire', async () => {
        await redis.del(key);
        if (rec) await redis.srem(subjectKey(rec.sub), hash);
      });
      return null;
    }
    if (at - rec.l >= touchMs) {
      const next: StoredRecord = { ...rec, l: at };
      // XX: only if it still exists (a concurrent logout wins)
      const ok = await redisCall('session touch', () => redis.set(key, JSON.stringify(next), { px: ttlMs(next, at), xx: true }));
      if (ok === null) return null;
      return toSession(id, next);
    }
    return toSession(id, rec);
  }

  async function destroy(redis: Redis, id: string): Promise<void> {
    if (!isSessionId(id)) return;
    const hash = await hashOf(id);
    const raw = await redisCall('session delete', () => redis.getdel<string>(sessionKey(hash)));
    const rec = parse(raw);
    if (rec) await redisCall('session index', () => redis.srem(subjectKey(rec.sub), hash));
  }

  async function destroyAllForSubject(redis: Redis, subject: string, o: { except?: string | null | undefined } = {}): Promise<number> {
    const keep = isSessionId(o.except) ? await hashOf(o.except) : null;
    return redisCall('session revoke all', async () => {
      const members = await redis.smembers(subjectKey(subject));
      const doomed = members.filter((m) => m !== keep);
      if (doomed.length === 0) return 0;
      const tx = redis.multi();
      tx.del(...(doomed.map(sessionKey) as [string, ...string[]]));
      tx.srem(subjectKey(subject), ...(doomed as [string, ...string[]]));
      const [deleted] = (await tx.exec()) as [number, number];
      return deleted;
    });
  }

  function idFromRequest(c: Context, o: { allowBearer?: boolean } = {}): { id: string; source: SessionSource } | null {
    if (o.allowBearer) {
      const auth = c.req.header('authorization');
      if (auth) {
        const m = /^Bearer ([A-Za-z0-9_-]{43})$/.exec(auth.trim());
        return m ? { id: m[1]!, source: 'bearer' } : null;
      }
    }
    const cookie = getCookie(c, cookieName);
    return isSessionId(cookie) ? { id: cookie, source: 'cookie' } : null;
  }

  const cookieBase = { path: '/', secure: true, httpOnly: true, sameSite: 'Lax' as const };

  function writeCookie(c: Context, session: Session<D>): void {
    if (opts.cookieLifetime === 'browser') return setCookie(c, cookieName, session.id, cookieBase);
    setCookie(c, cookieName, session.id, { ...cookieBase, maxAge: Math.max(1, Math.ceil((session.expiresAt - now()) / 1000)) });
  }

  function clearCookie(c: Context): void {
    deleteCookie(c, cookieName, cookieBase);
  }

  return { cookieName, idleSeconds, absoluteSeconds, create, get, destroy, destroyAllForSubject, idFromRequest, setCookie: writeCookie, clearCookie, keyFor };
}
