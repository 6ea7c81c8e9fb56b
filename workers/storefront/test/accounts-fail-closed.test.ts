/**
 * Redis unreachable (the client pointed at a dead port): the login rate
 * limiter and the session store fail CLOSED — 503, never a login, never a
 * signed-in request treated as a guest — while pages that need neither keep working.
 */
import { createExecutionContext, waitOnExecutionContext } from 'cloudflare:test';
import { describe, expect, it } from 'vitest';
import { createApp } from '../src/app';
import { testEnv } from './helpers';
import { ORIGIN, PASSWORD, registerAndLogin, uniqueEmail } from './session-helpers';

const deadRedisEnv = { ...testEnv, UPSTASH_REDIS_REST_URL: 'http://127.0.0.1:9', UPSTASH_REDIS_REST_TOKEN: 'x' };
const app = createApp();

async function request(path: string, init: RequestInit = {}, env: object = deadRedisEnv): Promise<Response> {
  const ctx = createExecutionContext();
  const res = await app.request(`${ORIGIN}${path}`, init, env, ctx);
  await waitOnExecutionContext(ctx);
  return res;
}

const jsonPost = (body: unknown, headers: Record<string, string> = {}): RequestInit => ({
  method: 'POST',
  headers: { 'content-type': 'application/json', origin: ORIGIN, ...headers },
  body: JSON.stringify(body),
});

describe('Redis unreachable', () => {
  it('API login answers 503 (problem+json, Retry-After) with valid credentials — never a session', async () => {
    const alice = await registerAndLogin(uniqueEmail('closed'));
    // sanity: the same request against the working Redis logs in
    expect((await request('/api/v1/session', jsonPost({ email: alice.email, password: PASSWORD }), testEnv)).status).toBe(200);
    const res = await request('/api/v1/session', jsonPost({ email: alice.email, password: PASSWORD }));
    expect(res.status).toBe(503);
    expect(res.headers.get('content-type')).toContain('application/problem+json');
    expect(res.headers.get('retry-after')).toBe('30');
    expect(res.headers.getSetCookie()).toEqual([]);
    expect(await res.text()).not.toMatch(/127\.0\.0\.1|command was/);
  });

  it('page login answers a friendly 503 page, no cookie', async () => {
    const alice = await registerAndLogin(uniqueEmail('closed-page'));
    const csrf = 'C'.repeat(43);
    const res = await request('/account/login', {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded', origin: ORIGIN, accept: 'text/html', cookie: `__Host-vt-csrf=${csrf}` },
      body: new URLSearchParams({ _csrf: csrf, email: alice.email, password: PASSWORD }),
      redirect: 'manual',
    });
    expect(res.status).toBe(503);
    expect(res.headers.get('content-type')).toContain('text/html');
    expect(res.headers.get('retry-after')).toBe('30');
    expect(res.headers.getSetCookie().filter((l) => l.startsWith('__Host-vt-session='))).toEqual([]);
  });

  it('registration answers 503 before creating anything', async () => {
    const email = uniqueEmail('closed-reg');
    const res = await request('/api/v1/customers', jsonPost({ email, password: PASSWORD, name: 'Nobody' }));
    expect(res.status).toBe(503);
    // the address is still free once Redis is back
    expect((await registerAndLogin(email)).email).toBe(email);
  });

  it('a request carrying a session is refused (503), not silently served as a guest', async () => {
    const alice = await registerAndLogin(uniqueEmail('closed-session'));
    expect((await request('/api/v1/customers/me', { headers: { cookie: alice.cookie } })).status).toBe(503);
    const page = await request('/account', { headers: { cookie: alice.cookie, accept: 'text/html' }, redirect: 'manual' });
    expect(page.status).toBe(503);
  });

  it('guests without a session cookie are not affected where no Redis is needed', async () => {
    expect((await request('/account/login', { headers: { accept: 'text/html' } })).status).toBe(200);
    expect((await request('/healthz')).status).toBe(200);
    const anon = await request('/api/v1/session');
    expect(anon.status).toBe(200);
  });
});
