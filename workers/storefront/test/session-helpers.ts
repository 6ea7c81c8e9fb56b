/**
 * Signing customers in from storefront tests (workerd), through the real
 * API: registration, login, the session cookie and the CSRF token.
 *
 *   const alice = await registerAndLogin();            // unique email
 *   await SELF.fetch(url, { headers: alice.headers() }); // GET as alice
 *   await SELF.fetch(url, { method: 'POST', headers: alice.headers({ 'content-type': 'application/json' }), body });
 *   alice.cookie   // "__Host-vt-session=…; __Host-vt-csrf=…" (the Cookie header value)
 *
 * `headers()` adds the cookie, `x-csrf-token`, a same-site `origin`, and a
 * per-customer `cf-connecting-ip` (so rate limits of concurrent test files
 * never collide). Every call registers a new customer (≈ one password hash).
 */
import { SELF } from 'cloudflare:test';

export const ORIGIN = 'https://shop.test';
export const PASSWORD = 'correct horse battery staple';

export interface TestCustomer {
  id: string;
  email: string;
  name: string;
  password: string;
  /** value of the Cookie header: session + CSRF cookies */
  cookie: string;
  /** the session cookie alone, "__Host-vt-session=<id>" */
  sessionCookie: string;
  /** the raw session id (also usable as `Authorization: Bearer <id>`) */
  sessionId: string;
  csrf: string;
  ip: string;
  /** headers for a request as this customer (cookie, x-csrf-token, origin, cf-connecting-ip) plus `extra` */
  headers(extra?: Record<string, string>): Headers;
}

/** A unique, valid email for this test run. */
export function uniqueEmail(tag = 'shopper'): string {
  return `${tag}-${crypto.randomUUID().slice(0, 12)}@example.com`;
}

/** A random IPv6 address from the documentation prefix (one rate-limit bucket per caller). */
export function testIp(): string {
  const b = crypto.getRandomValues(new Uint16Array(4));
  return `2001:db8::${[...b].map((x) => x.toString(16)).join(':')}`;
}

/** name=value of a Set-Cookie header for `name`, or null. */
export function setCookieValue(res: Response, name: string): string | null {
  for (const line of res.headers.getSetCookie()) {
    const [pair] = line.split(';');
    const eq = pair!.indexOf('=');
    if (pair!.slice(0, eq) === name) return pair!.slice(eq + 1);
  }
  return null;
}

export function setCookieLine(res: Response, name: string): string | null {
  return res.headers.getSetCookie().find((l) => l.startsWith(`${name}=`)) ?? null;
}

async function csrfFor(sessionCookie: string, ip: string): Promise<{ csrf: string; csrfCookie: string }> {
  const res = await SELF.fetch(`${ORIGIN}/api/v1/session`, { headers: { cookie: sessionCookie, 'cf-connecting-ip': ip } });
  if (res.status !== 200) throw new Error(`GET /api/v1/session: ${res.status} ${await res.text()}`);
  const body = (await res.json()) as { csrfToken: string };
  return { csrf: body.csrfToken, csrfCookie: `__Host-vt-csrf=${body.csrfToken}` };
}

function customerFrom(base: { id: string; email: string; name: string; password: string; sessionId: string; csrf: string; csrfCookie: string; ip: string }): TestCustomer {
  const sessionCookie = `__Host-vt-session=${base.sessionId}`;
  const cookie = `${sessionCookie}; ${base.csrfCookie}`;
  return {
    ...base,
    sessionCookie,
    cookie,
    headers(extra = {}) {
      return new Headers({ cookie, 'x-csrf-token': base.csrf, origin: ORIGIN, 'cf-connecting-ip': base.ip, ...extra });
    },
  };
}

/** Registers a new customer through POST /api/v1/customers and returns them signed in. */
export async function registerAndLogin(email = uniqueEmail(), opts: { password?: string; name?: string } = {}): Promise<TestCustomer> {
  const password = opts.password ?? PASSWORD;
  const name = opts.name ?? 'Test Shopper';
  const ip = testIp();
  const res = await SELF.fetch(`${ORIGIN}/api/v1/customers`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', origin: ORIGIN, 'cf-connecting-ip': ip },
    body: JSON.stringify({ email, password, name }),
  });
  if (res.status !== 201) throw new Error(`register ${email}: ${res.status} ${await res.text()}`);
  const body = (await res.json()) as { customer: { id: string; email: string; name: string } };
  const sessionId = setCookieValue(res, '__Host-vt-session');
  if (!sessionId) throw new Error('register: no session cookie');
  const { csrf, csrfCookie } = await csrfFor(`__Host-vt-session=${sessionId}`, ip);
  return customerFrom({ id: body.customer.id, email: body.customer.email, name, password, sessionId, csrf, csrfCookie, ip });
}

/** Logs an existing customer in through POST /api/v1/session (a new session each time). */
export async function login(email: string, password = PASSWORD): Promise<TestCustomer> {
  const ip = testIp();
  const res = await SELF.fetch(`${ORIGIN}/api/v1/session`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', origin: ORIGIN, 'cf-connecting-ip': ip },
    body: JSON.stringify({ email, password }),
  });
  if (res.status !== 200) throw new Error(`login ${email}: ${res.status} ${await res.text()}`);
  const body = (await res.json()) as { customer: { id: string; email: string; name: string } };
  const sessionId = setCookieValue(res, '__Host-vt-session')!;
  const { csrf, csrfCookie } = await csrfFor(`__Host-vt-session=${sessionId}`, ip);
  return customerFrom({ id: body.customer.id, email: body.customer.email, name: body.customer.name, password, sessionId, csrf, csrfCookie, ip });
}
