/**
 * Admin sign-in: __Host- session cookie, rotation on login (fixation),
 * logout ends the session server-side, rate limits, fail-closed when Redis is
 * unreachable, a disabled user's live session stops at once, CSRF on cookie
 * writes (cross-origin and missing token refused; API tokens need none),
 * API tokens shown once, stored hashed, scoped, revocable, last use recorded.
 */
import { createExecutionContext, SELF, waitOnExecutionContext } from 'cloudflare:test';
import { describe, expect, it } from 'vitest';
import { createApp } from '../src/app';
import { client, createAdmin, login, ORIGIN, PASSWORD, randomToken, setCookieValue, signIn, sql, testEnv, testIp } from './helpers';

describe('login and sessions', () => {
  it('sets a __Host- session cookie (Secure, HttpOnly, SameSite=Lax, Path=/, browser-session) and answers who is signed in', async () => {
    const u = await createAdmin('staff');
    const res = await login(u.email);
    expect(res.status).toBe(201);
    const line = res.headers.getSetCookie().find((l) => l.startsWith('__Host-vt-admin='))!;
    expect(line).toMatch(/; Path=\//);
    expect(line).toMatch(/; Secure/);
    expect(line).toMatch(/; HttpOnly/);
    expect(line).toMatch(/; SameSite=Lax/);
    expect(line).not.toMatch(/Domain=/);
    expect(line).not.toMatch(/Max-Age/); // ends with the browser; the server-side idle (30 min) and absolute (12 h) limits apply
    const me = client(setCookieValue(res, '__Host-vt-admin'));
    const who = await me.fetch('/admin/api/v1/session');
    expect(await who.json()).toMatchObject({ kind: 'user', id: u.id, label: u.email, role: 'staff' });
    const body = await res.text();
    expect(body).not.toContain('passwordHash');
  });

  it('wrong password and unknown email look the same (401), no cookie', async () => {
    const u = await createAdmin('viewer');
    const a = await login(u.email, 'not the password at all');
    const b = await login(`nobody-${crypto.randomUUID()}@admin.test`);
    expect(a.status).toBe(401);
    expect(b.status).toBe(401);
    expect((await a.json() as { detail: string }).detail).toBe((await b.json() as { detail: string }).detail);
    expect(a.headers.getSetCookie().some((l) => l.startsWith('__Host-vt-admin=') && !/Max-Age=0|Expires=Thu, 01 Jan 1970/.test(l))).toBe(false);
  });

  it('rotates the session on login: the id the browser came with is dead afterwards (session fixation)', async () => {
    const u = await createAdmin('manager');
    const first = setCookieValue(await login(u.email), '__Host-vt-admin')!;
    expect((await client(first).fetch('/admin/api/v1/session')).status).toBe(200);
    // log in again carrying the old cookie (as an attacker-planted id would be)
    const second = setCookieValue(await login(u.email, PASSWORD, first), '__Host-vt-admin')!;
    expect(second).not.toBe(first);
    expect((await client(first).fetch('/admin/api/v1/session')).status).toBe(401);
    expect((await client(second).fetch('/admin/api/v1/session')).status).toBe(200);
    // a made-up id planted before login never becomes a session
    const planted = randomToken();
    const third = setCookieValue(await login(u.email, PASSWORD, planted), '__Host-vt-admin')!;
    expect(third).not.toBe(planted);
    expect((await client(planted).fetch('/admin/api/v1/session')).status).toBe(401);
  });

  it('logout ends the session server-side: the old cookie is refused afterwards', async () => {
    const me = await signIn('owner');
    expect((await me.fetch('/admin/api/v1/session', { method: 'DELETE' })).status).toBe(204);
    expect((await me.fetch('/admin/api/v1/session')).status).toBe(401);
    const page = await me.fetch('/admin/products');
    expect(page.status).toBe(303);
    expect(page.headers.get('location')).toBe('/admin/login?next=%2Fadmin%2Fproducts');
    // the page form logs out the same way
    const other = await signIn('owner');
    const res = await other.fetch('/admin/logout', { method: 'POST', form: {} });
    expect(res.status).toBe(303);
    expect((await other.fetch('/admin/api/v1/session')).status).toBe(401);
  });

  it('disabling a user ends their live sessions at once', async () => {
    const owner = await signIn('owner');
    const staff = await signIn('staff');
    expect((await staff.fetch('/admin/api/v1/orders')).status).toBe(200);
    const res = await owner.fetch(`/admin/api/v1/users/${staff.id}`, { method: 'PATCH', json: { disabled: true } });
    expect(res.status).toBe(200);
    expect((await staff.fetch('/admin/api/v1/orders')).status).toBe(401);
    expect((await login(staff.email!)).status).toBe(401);
  });

  it('rate-limits logins per account (5 per 15 min): the 6th attempt is 429 with Retry-After, even with the right password', async () => {
    const u = await createAdmin('viewer');
    const ip = testIp();
    const attempt = (password: string) =>
      SELF.fetch(`${ORIGIN}/admin/api/v1/session`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', origin: ORIGIN, 'cf-connecting-ip': ip, cookie: `__Host-vt-csrf=${'a'.repeat(43)}`, 'x-csrf-token': 'a'.repeat(43) },
        body: JSON.stringify({ email: u.email, password }),
      });
    for (let i = 0; i < 5; i++) expect((await attempt('wrong password ' + i)).status).toBe(401);
    const limited = await attempt(PASSWORD);
    expect(limited.status).toBe(429);
    expect(Number(limited.headers.get('retry-after'))).toBeGreaterThan(0);
  });

  it('fails closed when Redis is unreachable: 503, never a login, never a signed-in request', async () => {
    const u = await createAdmin('owner');
    const session = setCookieValue(await login(u.email), '__Host-vt-admin')!;
    const dead = { ...testEnv, UPSTASH_REDIS_REST_URL: 'http://127.0.0.1:9', UPSTASH_REDIS_REST_TOKEN: 'x' };
    const app = createApp();
    const csrf = 'b'.repeat(43);
    const call = async (path: string, init: RequestInit) => {
      const ctx = createExecutionContext();
      const res = await app.request(`${ORIGIN}${path}`, init, dead, ctx);
      await waitOnExecutionContext(ctx);
      return res;
    };
    const res = await call('/admin/api/v1/session', { method: 'POST', headers: { 'content-type': 'application/json', origin: ORIGIN, cookie: `__Host-vt-csrf=${csrf}`, 'x-csrf-token': csrf }, body: JSON.stringify({ email: u.email, password: PASSWORD }) });
    expect(res.status).toBe(503);
    expect(res.headers.get('retry-after')).toBe('30');
    expect(res.headers.getSetCookie().filter((l) => l.startsWith('__Host-vt-admin='))).toEqual([]);
    expect(await res.text()).not.toMatch(/127\.0\.0\.1|command was/);
    const page = await call('/admin/login', { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded', origin: ORIGIN, cookie: `__Host-vt-csrf=${csrf}` }, body: new URLSearchParams({ _csrf: csrf, email: u.email, password: PASSWORD }).toString() });
    expect(page.status).toBe(503);
    const withSession = await call('/admin/api/v1/products', { headers: { cookie: `__Host-vt-admin=${session}` } });
    expect(withSession.status).toBe(503);
  });
});

describe('CSRF', () => {
  it('refuses cookie-authenticated writes from another origin, or without the token; accepts the same request done right', async () => {
    const me = await signIn('manager');
    const body = { code: `CSRF${crypto.randomUUID().slice(0, 6)}`.toUpperCase(), kind: 'free_shipping' };
    const cross = await me.fetch('/admin/api/v1/discounts', { method: 'POST', json: body, headers: { origin: 'https://evil.test' } });
    expect(cross.status).toBe(403);
    const noToken = await me.fetch('/admin/api/v1/discounts', { method: 'POST', json: body, headers: { 'x-csrf-token': randomToken() } });
    expect(noToken.status).toBe(403);
    const crossForm = await me.fetch('/admin/products/00000000-0000-4000-8000-000000000000/status', { method: 'POST', form: { status: 'active' }, headers: { origin: 'https://evil.test' } });
    expect(crossForm.status).toBe(403);
    const viaSite = await me.fetch('/admin/tokens', { method: 'POST', form: { name: 'x', role: 'viewer' }, headers: { origin: '', 'sec-fetch-site': 'cross-site' } });
    expect(viaSite.status).toBe(403);
    const ok = await me.fetch('/admin/api/v1/discounts', { method: 'POST', json: body });
    expect(ok.status).toBe(201);
    // the login form is protected too (login CSRF)
    const loginCross = await client(null).fetch('/admin/login', { method: 'POST', form: { email: 'a@b.test', password: 'x' }, headers: { origin: 'https://evil.test' } });
    expect(loginCross.status).toBe(403);
  });
});

describe('API tokens', () => {
  it('shown once, stored hashed, scoped to a role, last use recorded, revocable; no CSRF token needed', async () => {
    const owner = await signIn('owner');
    const res = await owner.fetch('/admin/api/v1/tokens', { method: 'POST', json: { name: 'inventory sync', role: 'staff' } });
    expect(res.status).toBe(201);
    const t = (await res.json()) as { id: string; secret: string; prefix: string; role: string };
    expect(t.secret).toMatch(/^vta_[A-Za-z0-9_-]{43}$/);
    const [row] = await sql<{ token_hash: string }>(`select token_hash from admin_api_tokens where id = $1`, [t.id]);
    expect(row!.token_hash).not.toContain(t.secret.slice(4));
    expect(JSON.stringify(await (await owner.fetch('/admin/api/v1/tokens')).json())).not.toContain(t.secret);
    const bot = (path: string, init: RequestInit = {}) => SELF.fetch(`${ORIGIN}${path}`, { ...init, headers: { authorization: `Bearer ${t.secret}`, ...(init.headers as Record<string, string>) } });
    expect((await bot('/admin/api/v1/orders')).status).toBe(200);
    expect((await bot('/admin/api/v1/products', { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{}' })).status).toBe(403); // staff: no catalog writes
    const [used] = await sql<{ last_used_at: string | null }>(`select last_used_at from admin_api_tokens where id = $1`, [t.id]);
    expect(used!.last_used_at).not.toBeNull();
    // a token cannot be given more than its creator has
    const manager = await signIn('manager');
    expect((await manager.fetch('/admin/api/v1/tokens', { method: 'POST', json: { name: 'x', role: 'owner' } })).status).toBe(403);
    expect((await owner.fetch(`/admin/api/v1/tokens/${t.id}`, { method: 'DELETE' })).status).toBe(200);
    expect((await bot('/admin/api/v1/orders')).status).toBe(401);
    expect((await bot('/admin/api/v1/orders', { headers: { authorization: 'Bearer nonsense' } })).status).toBe(401);
    // the audit entry never holds the secret or its hash
    const audit = await sql<{ after: unknown }>(`select after from admin_audit_log where entity_id = $1`, [t.id]);
    expect(JSON.stringify(audit)).not.toContain(t.secret);
    expect(JSON.stringify(audit)).not.toContain(row!.token_hash);
  });
});
