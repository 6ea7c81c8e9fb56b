/**
 * Admin tests: real Postgres (the global setup's database), real Redis (the
 * Upstash bridge), the admin worker inside workerd (SELF).
 *
 *   const owner = await signIn('owner');        // a fresh admin user, logged in through the API
 *   await owner.fetch('/admin/api/v1/products'); // cookie, CSRF token, same-site Origin added
 */
import { env, SELF } from 'cloudflare:test';
import { createPoolDb, type PoolDbHandle } from '../../../tests/support/pool-db';
import { createPasswordHasher } from '../../../edge/auth';
import type { AdminRole } from '../../../domain/admin/roles';
import type { AdminEnv } from '../src/env';

export const ORIGIN = 'https://admin.test';
export const PASSWORD = 'a long and boring admin passphrase';
export const testEnv = env as unknown as AdminEnv;

/**
 * Direct set-up and assertions, beside the worker under test (which goes through db/client.ts's seam): a WebSocket
 * Pool of the Neon driver (inside workerd a `pg` pool cannot open sockets), one per helper call — a pool's socket
 * belongs to the I/O context that opened it.
 */
export function testDb(): PoolDbHandle {
  return createPoolDb({ databaseUrl: testEnv.DATABASE_URL, localWsProxy: testEnv.NEON_LOCAL_WS_PROXY, max: 4 });
}

export async function sql<T = Record<string, unknown>>(text: string, params: unknown[] = []): Promise<T[]> {
  const h = testDb();
  try {
    return (await h.pool.query(text, params)).rows as T[];
  } finally {
    await h.close();
  }
}

const hasher = createPasswordHasher();
let hashOnce: Promise<string> | null = null;
/** One hash of PASSWORD shared by all test users (hashing costs ~0.2 s). */
export function passwordHash(): Promise<string> {
  hashOnce ??= hasher.hash(PASSWORD);
  return hashOnce;
}

export function testIp(): string {
  const b = crypto.getRandomValues(new Uint16Array(4));
  return `2001:db8::${[...b].map((x) => x.toString(16)).join(':')}`;
}

export function randomToken(): string {
  const bytes = crypto.getRandomValues(new Uint8Array(32));
  return btoa(String.fromCharCode(...bytes)).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
}

export async function createAdmin(role: AdminRole, opts: { disabled?: boolean } = {}): Promise<{ id: string; email: string }> {
  const email = `${role}-${crypto.randomUUID().slice(0, 12)}@admin.test`;
  const [r] = await sql<{ id: string }>(`insert into admin_users (email, name, role, password_hash, disabled) values ($1, $2, $3, $4, $5) returning id`, [email, `Test ${role}`, role, await passwordHash(), opts.disabled ?? false]);
  return { id: r!.id, email };
}

export function setCookieValue(res: Response, name: string): string | null {
  for (const line of res.headers.getSetCookie()) {
    const [pair] = line.split(';');
    const eq = pair!.indexOf('=');
    if (pair!.slice(0, eq) === name) return pair!.slice(eq + 1);
  }
  return null;
}

export interface Client {
  id: string | null;
  email: string | null;
  session: string | null;
  csrf: string;
  ip: string;
  fetch(path: string, init?: RequestInit & { json?: unknown; form?: Record<string, string> }): Promise<Response>;
}

export function client(session: string | null, extra: { id?: string | null; email?: string | null; bearer?: string } = {}): Client {
  const csrf = randomToken();
  const ip = testIp();
  return {
    id: extra.id ?? null,
    email: extra.email ?? null,
    session,
    csrf,
    ip,
    fetch(path, init = {}) {
      const h = new Headers(init.headers);
      const cookies = [`__Host-vt-csrf=${csrf}`];
      if (session) cookies.push(`__Host-vt-admin=${session}`);
      if (!h.has('cookie')) h.set('cookie', cookies.join('; '));
      if (!h.has('origin')) h.set('origin', ORIGIN);
      h.set('cf-connecting-ip', ip);
      if (extra.bearer) h.set('authorization', `Bearer ${extra.bearer}`);
      let body = init.body;
      if (init.json !== undefined) {
        h.set('content-type', 'application/json');
        if (!h.has('x-csrf-token')) h.set('x-csrf-token', csrf);
        body = JSON.stringify(init.json);
      } else if (init.form !== undefined) {
        h.set('content-type', 'application/x-www-form-urlencoded');
        body = new URLSearchParams({ _csrf: csrf, ...init.form }).toString();
      } else if (init.method && init.method !== 'GET' && !h.has('x-csrf-token')) {
        h.set('x-csrf-token', csrf);
      }
      return SELF.fetch(`${ORIGIN}${path}`, { ...init, headers: h, body, redirect: 'manual' });
    },
  };
}

export async function login(email: string, password = PASSWORD, prior: string | null = null): Promise<Response> {
  return client(prior).fetch('/admin/api/v1/session', { method: 'POST', json: { email, password } });
}

/** A fresh admin user of this role, signed in. */
export async function signIn(role: AdminRole): Promise<Client> {
  const u = await createAdmin(role);
  const res = await login(u.email);
  if (res.status !== 201) throw new Error(`login failed: ${res.status} ${await res.text()}`);
  const session = setCookieValue(res, '__Host-vt-admin');
  return client(session, { id: u.id, email: u.email });
}

export async function eventually<T>(fn: () => Promise<T>, { tries = 100, delayMs = 50 } = {}): Promise<T> {
  let last: unknown;
  for (let i = 0; i < tries; i++) {
    try {
      return await fn();
    } catch (err) {
      last = err;
      await new Promise((r) => setTimeout(r, delayMs));
    }
  }
  throw last;
}
